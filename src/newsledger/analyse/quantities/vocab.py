"""Word lists shared by the figure finder: currencies, percent words, measure units, months."""

from __future__ import annotations

CURRENCY_SYMBOLS = {
    "$": "$",
    "us$": "US$",
    "a$": "A$",
    "c$": "C$",
    "hk$": "HK$",
    "nz$": "NZ$",
    "s$": "S$",
    "£": "£",
    "€": "€",
    "¥": "¥",
    "₹": "₹",
    "rs": "Rs",
    "rs.": "Rs",
    "usd": "USD",
    "eur": "EUR",
    "gbp": "GBP",
    "jpy": "JPY",
    "cny": "CNY",
    "chf": "CHF",
    "r$": "R$",
}


CURRENCY_WORDS = frozenset(
    """
dollar dollars euro euros pound pounds sterling yen yuan renminbi rupee rupees rouble roubles
ruble rubles franc francs peso pesos won rand real reais lira krona kronor krone kroner shekel
shekels dirham dirhams riyal riyals ringgit baht dong hryvnia hryvnias zloty naira cent cents
pence p bitcoin bitcoins
""".split()
)


PERCENT_WORDS = (
    "%",
    "percent",
    "per cent",
    "pct",
    "percentage point",
    "percentage points",
    "basis point",
    "basis points",
    "bps",
)


MEASURE_UNITS = frozenset(
    """
km kms kilometre kilometres kilometer kilometers mile miles mi m metre metres meter meters cm mm
centimetre centimetres centimeter centimeters millimetre millimetres inch inches ft foot feet
yard yards mph kph km/h kmh mpg kg kgs kilogram kilograms kilo kilos g gram grams mg lb lbs ounce
ounces oz tonne tonnes ton tons t litre litres liter liters l ml gallon gallons barrel barrels
bpd acre acres hectare hectares ha sq square degree degrees °c °f celsius fahrenheit kelvin hour
hours hr hrs minute minutes min mins second seconds sec secs day days week weeks month months
year years decade decades century centuries w kw mw gw kwh mwh gwh twh watt watts volt volts v
hz khz mhz ghz gb mb kb tb gbps mbps bit bits byte bytes rpm psi gpa mpa pa bar calorie calories
kcal point points pts pixel pixels megapixel megapixels horsepower hp nm knot knots storey storeys
nanometre nanometres nanometer nanometers micrometre micrometres micron microns km² m² mi² ft²
km2 m2 sqm sqft μm µm
""".split()
)
# what a temperature's scale is written as after "°" or "degrees"
TEMPERATURE_SCALES = {
    "c": "°C",
    "celsius": "°C",
    "centigrade": "°C",
    "f": "°F",
    "fahrenheit": "°F",
}
# units that may follow a "/" in a compound unit: "km/h", "$/hour", "mg/l"
PER_UNITS = frozenset(
    "h hr hour s sec second min minute day week month year kg g l litre liter m km mi mile "
    "cm2 m2 km2 sqm barrel tonne ton person head capita share".split()
)


MONTHS = frozenset(
    """
january february march april may june july august september october november december jan feb mar
apr jun jul aug sep sept oct nov dec
""".split()
)


TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "second", "decade"})
