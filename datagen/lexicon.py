"""Hand-written word lists and the English inflection rules the generators need.

Handles: nouns by meaning (food, things, places, people, animals...), their plurals,
verbs with their past, participle, -s and -ing forms, adjectives by what they describe,
and people's names (in disjoint pools, so that test names never leak into training).
Leaves out: anything downloaded; rare irregular forms we never use; British spellings.
Lists are written as one space-separated string each; `A:B` gives an irregular plural,
a trailing `*` marks a mass noun (no plural, no "a").
"""

# ---------------------------------------------------------------- nouns by meaning
FOOD = """apple banana orange pear peach plum cherry lemon grape strawberry melon
mango tomato potato onion carrot cucumber pepper pumpkin cabbage mushroom bean pea
egg sandwich pie cake cookie muffin pancake biscuit bun roll pastry tart waffle
sausage burger noodle dumpling omelette pizza taco wrap bagel croissant donut
bread* rice* soup* cheese* butter* honey* jam* yogurt* porridge* pasta* salad*
chicken* fish* bacon* ham* tofu* chocolate* popcorn* cereal* toast* stew* curry*
lentil"""

DRINK = "milk tea coffee juice lemonade cocoa water"

THING = """cup mug plate bowl spoon fork knife pan pot kettle jar bottle basket bag
box lamp chair table bench shelf drawer mirror clock candle blanket pillow towel
rug umbrella coat hat scarf glove boot shoe sock jacket sweater shirt dress belt
key lock door window fence gate ladder bucket brush broom hammer saw shovel rope
bicycle radio camera phone computer keyboard printer screen fan heater stove oven
fridge toaster blender backpack suitcase wallet watch ring necklace pencil pen
notebook envelope stamp ticket map postcard puzzle kite ball doll guitar piano drum
violin flute tent lantern compass flashlight thermos jug tray vase plant sofa desk
cupboard curtain bell whistle button needle thread*"""

READING = """book letter note newspaper magazine recipe poem story diary report
list postcard message email essay comic atlas dictionary guidebook menu timetable"""

PLACE = """in:kitchen in:garden at:market at:station in:library in:park on:beach
at:school at:bakery in:village in:town in:city at:harbor on:farm at:hospital
in:forest on:hill by:river by:lake at:museum at:cafe at:restaurant in:shop
at:post_office at:bus_stop at:airport at:hotel on:island in:valley on:bridge
in:square at:zoo at:stadium at:cinema at:theater in:office at:factory in:field
in:orchard in:attic in:basement in:hallway in:yard on:porch on:balcony at:pharmacy
at:bank at:laundromat at:gym at:pool at:campsite on:mountain in:desert on:coast
at:lighthouse at:castle at:church at:temple at:fountain at:playground at:mill
at:bookshop at:toy_shop at:supermarket at:pier at:marina in:workshop in:barn"""

PERSON_ROLE = """teacher neighbor baker doctor nurse farmer fisherman:fishermen
driver waiter cook gardener librarian carpenter painter singer student pilot
mechanic shopkeeper postman:postmen tailor dentist musician artist writer reporter
engineer scientist lawyer judge clerk guard firefighter plumber barber pharmacist
photographer sailor poet actor dancer coach manager child:children baby boy girl
man:men woman:women stranger visitor tourist"""
KIN = """friend cousin uncle aunt grandmother grandfather brother sister son
daughter mother father parent neighbor teacher doctor boss roommate classmate"""

ANIMAL = """dog cat horse cow goat sheep:sheep pig duck goose:geese
chicken:chickens rabbit mouse:mice fox owl crow sparrow pigeon swan frog turtle
fish:fish deer:deer bear squirrel hedgehog donkey lamb puppy:puppies kitten bee
butterfly snail ant seagull parrot hamster lizard"""

DAY = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
MONTH = (
    "January February March April May June July August September October November "
    "December"
)

# ---------------------------------------------------- adjectives by what they describe
ADJ_FOOD = """fresh warm hot cold sweet salty sour spicy crispy crunchy soft juicy
ripe creamy tender smoky rich light homemade delicious tasty bland stale burnt
soggy greasy bitter mild golden chewy fluffy plain"""
ADJ_THING = """old new small large heavy light red blue green yellow brown black
white gray wooden metal plastic broken shiny dusty clean dirty round square tiny
huge cheap expensive useful strange lovely simple cozy soft bright dark"""
ADJ_PLACE = """quiet busy crowded empty noisy peaceful clean dirty sunny shady old
modern small large narrow wide beautiful lovely famous cozy cold warm bright dark
friendly calm lively charming tidy messy"""
ADJ_PERSON = """tired happy sad hungry thirsty busy kind young old tall short
clever brave shy friendly patient calm nervous excited proud quiet cheerful curious
honest gentle careful lonely grumpy polite sleepy worried relieved"""
ADJ_ANIMAL = (
    "small big old young brown black white gray fat thin lazy sleepy noisy friendly "
    "wild tame fluffy hungry"
)

# ------------------------------------------------------------- verbs and their objects
# Irregular verbs: base past participle
IRREGULAR = """be was been|have had had|do did done|go went gone|eat ate eaten
drink drank drunk|make made made|take took taken|bring brought brought
buy bought bought|find found found|lose lost lost|give gave given|get got gotten
see saw seen|read read read|write wrote written|sing sang sung|swim swam swum
run ran run|ride rode ridden|drive drove driven|sleep slept slept|sit sat sat
stand stood stood|leave left left|meet met met|keep kept kept|sell sold sold
tell told told|think thought thought|teach taught taught|catch caught caught
build built built|send sent sent|spend spent spent|lend lent lent|feel felt felt
hear heard heard|hold held held|fly flew flown|throw threw thrown|grow grew grown
know knew known|draw drew drawn|break broke broken|choose chose chosen
forget forgot forgotten|wake woke woken|wear wore worn|hide hid hidden
fall fell fallen|begin began begun|come came come|become became become|put put put
cut cut cut|shut shut shut|set set set|hang hung hung|dig dug dug|feed fed fed
light lit lit|sweep swept swept|bake baked baked|fry fried fried|say said said
pay paid paid|lay laid laid|win won won|sweep swept swept|freeze froze frozen
steal stole stolen|shake shook shaken|bite bit bitten|blow blew blown"""

# Verbs that double their last consonant: stop -> stopped, stopping.
DOUBLING = (
    "stop plan shop drop jog chat hug nod pat grab clap skip trim wrap rub scrub mop "
    "beg hum knit admit prefer regret travel cancel label"
)

# Transitive verbs grouped by the kind of object they take.
VERBS_FOOD = (
    "eat cook bake buy order share taste make fry slice chop wrap pack carry bring "
    "sell serve warm"
)
VERBS_DRINK = "drink pour make order share bring buy"
VERBS_THING = """buy fix find lose carry clean paint sell borrow wrap open build
wash pack drop bring keep hide check repair fold polish hang move lift mend order
choose return replace sort dust pick_up put_away look_for"""
VERBS_READING = (
    "read write finish borrow print send copy find lose open fold sign check"
)
VERBS_PLACE = "visit leave explore clean paint photograph pass reach cross search"
VERBS_PERSON = """call meet visit help thank invite hug greet teach phone email
follow wake remind surprise warn ask wait_for look_for listen_to talk_to smile_at
wave_at"""
VERBS_ANIMAL = "feed watch follow chase pet brush wash walk find photograph"
VERBS_INTRANS = """sleep laugh smile wait rest sing dance swim run walk cry sit
arrive leave work study relax travel shop cook read write paint whistle hum jog nap
garden knit clean sneeze shiver yawn complain listen worry"""
VERBS_MOTION = (
    "go walk drive move return run hurry travel cycle ride fly sail wander head"
)

# ------------------------------------------------------------- small words and phrases
ADVERB_MANNER = """slowly quickly quietly carefully happily gently loudly patiently
proudly calmly nervously eagerly politely cheerfully softly neatly"""
ADVERB_FREQ = "always usually often sometimes rarely never"

NUMBER_WORD = """zero one two three four five six seven eight nine ten eleven
twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"""

# ---------------------------------------------------------------- people's names
# Disjoint pools: CORPUS names appear in the pretraining corpus and the entity
# train/valid sets; HELDOUT names appear only in the entity test set, so a tagger must
# generalise to new names.
FEMALE_NAMES = """Anna Maria Sofia Emma Olivia Grace Lucy Clara Rosa Nina Lena Mia
Sara Julia Hannah Alice Ruth Irene Helen Laura Elena Martha Vera Nora Eva Ida Leah
Amy Kate Zoe Lily Ella Daisy Iris Ava Chloe Priya Aisha Mei Yuki Fatima Amara
Ingrid Marta Rita Paula Dora Tessa Greta Maya Nadia Leila Esther Joy Hope Molly
Jenny Sally"""
MALE_NAMES = """Tom Sam Ben Max Leo Jack Oliver Noah Adam Daniel David Peter Paul
Mark Luke John Henry Oscar Felix Hugo Omar Ravi Kenji Carlos Diego Lucas Marco Ivan
Pablo Victor Arthur Simon Martin Tim Dan Joe Ali Hassan Kofi Tariq Erik Lars Jonas
Theo Alex Frank George Harry Ray Ted Walter Colin Eli Jamal Luis Hiro Nico Stefan"""
SURNAMES = """Lopez Smith Brown Garcia Miller Wilson Moore Taylor Clark Hall Young
King Wright Hill Green Baker Adams Nelson Carter Mitchell Turner Parker Evans
Collins Stewart Morris Rogers Cook Bell Murphy Bailey Cooper Reed Ward Price Wood
Barnes Ross Long Foster Gray Hughes Myers Ford Hayes Sanders Perry Powell Jenkins
Russell Patel Khan Chen Wang Tanaka Sato Kim Park Nguyen Singh Okafor Mensah Novak
Kowalski Jansen Larsen Berg Rossi Costa Silva Duarte Moreno Fischer Weber Meyer
Dubois"""

HELDOUT_FEMALE_NAMES = """Beatrix Odette Wilhelmina Solveig Thandiwe Ximena Ottilie
Rosalind Marguerite Zuleika Henrietta Philippa Anouk Brigitte Celestine Dagny
Esperanza Florentina Gwendolyn Hortense Isadora Jacinta Kalinda Lucinda Mireille
Noemi"""
HELDOUT_MALE_NAMES = """Bartholomew Cornelius Dmitri Evander Fitzgerald Gideon
Horatio Ignatius Jeremiah Kazimierz Lysander Mortimer Nikolai Octavio Percival
Quentin Reinhold Severin Thaddeus Ulrich Valentin Wolfgang Xavier Yusuf Zebulon
Ambrose"""
HELDOUT_SURNAMES = """Abernathy Blackwood Castellano Delacroix Eberhardt
Fairweather Gallagher Hargreaves Ishikawa Jovanovic Kaczmarek Lindqvist Montgomery
Nakamura Oyelaran Pemberton Quigley Rasmussen Szabo Thorncastle Underwood Vasquez
Whitlock Yamamoto Zielinski Ashworth Bramble Cavendish Drummond Ellingham"""


def words(block):
    """Split a word-list string.

    Example: words('cup mug\\n plate') -> ['cup', 'mug', 'plate']
    """
    return block.split()


def _noun_entries(block):
    """(singular, plural or None for mass nouns).

    Example: 'man:men rice*' -> [('man','men'), ('rice', None)]
    """
    entries = []
    for item in words(block):
        if item.endswith("*"):
            entries.append((item[:-1], None))
        elif ":" in item:
            singular, plural = item.split(":")
            entries.append((singular, plural))
        else:
            entries.append((item, plural_of(item)))
    return entries


def plural_of(noun):
    """Regular English plural.

    Example: plural_of('box') -> 'boxes', plural_of('city') -> 'cities'
    """
    if noun.endswith(("s", "sh", "ch", "x", "z")) or noun in (
        "potato",
        "tomato",
        "mango",
    ):
        return noun + "es"
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith("f") and noun in ("loaf", "leaf", "shelf", "half"):
        return noun[:-1] + "ves"
    if noun.endswith("fe") and noun in ("knife", "wife", "life"):
        return noun[:-2] + "ves"
    return noun + "s"


def article(word):
    """'a' or 'an' for the word that follows.

    Example: article('apple') -> 'an', article('hour') -> 'an'
    """
    if word.startswith(("hour", "honest")):
        return "an"
    if word.startswith(("uni", "use", "eu", "one")):
        return "a"
    return "an" if word[0].lower() in "aeiou" else "a"


_IRREGULAR = {}
for _entry in IRREGULAR.replace("\n", "|").split("|"):
    _parts = _entry.split()
    if _parts:
        _IRREGULAR[_parts[0]] = (_parts[1], _parts[2])
_DOUBLING = frozenset(words(DOUBLING))


def verb_forms(phrase):
    """All forms of a verb, particle kept: verb_forms('pick_up')['past'] -> 'picked up'.

    Example: verb_forms('carry') -> {'base': 'carry', 's': 'carries', 'past': 'carried',
    'participle': 'carried', 'ing': 'carrying'}
    """
    verb, _, particle = phrase.partition("_")
    tail = " " + particle if particle else ""
    if verb == "be":
        return {
            "base": "be",
            "s": "is",
            "past": "was",
            "participle": "been",
            "ing": "being",
        }
    if verb == "have":
        s = "has"
    elif verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        s = verb + "es"
    elif verb.endswith("y") and verb[-2] not in "aeiou":
        s = verb[:-1] + "ies"
    else:
        s = verb + "s"
    double = verb in _DOUBLING
    if verb in _IRREGULAR:
        past, participle = _IRREGULAR[verb]
    elif double:
        past = participle = verb + verb[-1] + "ed"
    elif verb.endswith("e"):
        past = participle = verb + "d"
    elif verb.endswith("y") and verb[-2] not in "aeiou":
        past = participle = verb[:-1] + "ied"
    else:
        past = participle = verb + "ed"
    if verb.endswith("ie"):
        ing = verb[:-2] + "ying"
    elif verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and verb != "be":
        ing = verb[:-1] + "ing"
    elif double:
        ing = verb + verb[-1] + "ing"
    else:
        ing = verb + "ing"
    forms = {"base": verb, "s": s, "past": past, "participle": participle, "ing": ing}
    return {key: value + tail for key, value in forms.items()}


FOOD_NOUNS = _noun_entries(FOOD)
THING_NOUNS = _noun_entries(THING)
READING_NOUNS = _noun_entries(READING)
PERSON_NOUNS = _noun_entries(PERSON_ROLE)
KIN_NOUNS = _noun_entries(KIN)
ANIMAL_NOUNS = _noun_entries(ANIMAL)
PLACES = [
    (item.split(":")[0], item.split(":")[1].replace("_", " ")) for item in words(PLACE)
]

# ---------------------------------------------------- invented place and company names
# Town names are made of two parts ("Ash" + "brook" -> "Ashbrook"), sometimes with a
# prefix (names.py puts them together).
# The HELDOUT parts make names that only the entity test set uses.
TOWN_FIRST = (
    "Ash Oak Elm Willow Stone Mill Kings Bright Fern Holly Bram Marsh Fox Rose Lark "
    "Red Black White Green Cold Wind Silver Hazel Birch Maple"
)
TOWN_SECOND = (
    "brook field ford wick dale haven moor stead ton bury wood mere cliff holm bridge "
    "port gate hill well"
)
TOWN_PREFIX = "New|Old|Upper|Lower|Little|Great|Port|North|South|East|West"
TOWN_SUFFIX = "City|Bay|Falls|Springs|Harbor|Crossing|Valley"
HELDOUT_TOWN_FIRST = (
    "Quill Thistle Amber Cinder Juniper Tansy Sorrel Wren Pike Yarrow Bracken Nettle "
    "Copper Juno Raven"
)
HELDOUT_TOWN_SECOND = "combe thorpe garth shaw ness leigh worth minster cot by"
HELDOUT_TOWN_PREFIX = "Saint|Fort|Mount|Glen"
HELDOUT_TOWN_SUFFIX = "Heights|Landing|Junction|Point"

ORG_KIND = (
    "Bank|Bakery|Library|Hospital|Football Club|Bus Company|Museum|Theater"
    "|Orchestra|Hotel|Dairy|Garden Center|Bookshop|Sailing Club|Railway"
)
ORG_PATTERN_WORDS = (
    "Northwind Bluebell Sunrise Lighthouse Meadowlark Evergreen Riverside Hilltop "
    "Goldleaf Starling Harvest Pinecone"
)
HELDOUT_ORG_KIND = (
    "Cooperative|Brewery|Foundation|Observatory|Shipyard|Insurance"
    "|Airlines|Pottery|Academy|Mills"
)
HELDOUT_ORG_PATTERN_WORDS = (
    "Quicksilver Foxglove Tidewater Ironbark Moonstone Larkspur Saltmarsh Windrose "
    "Copperleaf Driftwood"
)
