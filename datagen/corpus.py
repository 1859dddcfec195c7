"""The pretraining corpus: everyday English documents, generated from a seed.

Handles: short stories, diaries, descriptions of invented towns, reviews of food, films,
products, trips and books, dialogues, notes and letters, lists, recipes, local news and
weather, true facts and invented encyclopedia entries, question-and-answer pages, a few
pages that look like labeled reviews (for zero-shot prompting), and about 200 proverbs
quoted in context. Documents are separated by one blank line and never contain one.
Leaves out: anything downloaded or copied from a published text; long-range plot
(a document stays on one topic but its sentences are only loosely connected).
"""

import random
import re

from datagen import facts
from datagen import lexicon as lx
from datagen import opinions as op
from datagen import sayings as pv
from datagen.draws import Draws, chance
from datagen.grammar import Grammar, Person
from datagen.text import bars, capitalise, documents_until
from helpers.data import questions

# Total size of train + valid; the build stops at the first document past it.
TARGET_BYTES = 2_700_000
VALID_SHARE = 0.05  # share of documents that go to the valid split
# The review website's pages (corpus/reviews.txt), for the foundation model.
REVIEW_SITE_BYTES = 2_000_000
SHORT_REVIEW_SHARE = (
    0.45  # share of its pages that are one or two opinions and a rating
)
SPILLED_MILK_TRAIN = (
    8  # the saying lesson 01 counts on appears this many times in train
)

ALTERNATIVES = re.compile(r"\{([^{}]*\|[^{}]*)\}")  # {a|b|c} with no braces inside
CONNECTIVES = (
    "Then",
    "After that,",
    "Soon",
    "Of course,",
    "Still,",
    "Luckily,",
    "By then,",
    "Later,",
    "So",
    "Before long,",
    "That evening,",
    "Somehow",
    "In the meantime,",
    "Naturally,",
    "For a while,",
    "Around noon,",
)
LOWERABLE = {
    "The",
    "It",
    "He",
    "She",
    "They",
    "We",
    "In",
    "On",
    "By",
    "At",
    "One",
    "Every",
    "Nobody",
    "A",
    "An",
    "Since",
    "Now",
    "After",
    "When",
    "Everyone",
    "His",
    "Her",
    "Their",
    "Someone",
    "There",
    "Week",
    "Next",
    "This",
}
TOWN_SHAPES = (
    (0.2, "{prefix} {stem}"),
    (0.3, "{stem} {suffix}"),
    (1.0, "{stem}"),
)  # see names.py
SLOT = re.compile(r"\{(\w+)\}")  # {town}, {A}, ...
WEATHER = (
    "sunny|rainy|windy|cloudy|foggy|cold|warm|hot|mild|stormy|snowy|bright|gray"
    "|chilly|humid"
)

# ------------------------------------------------------------------ story scenarios
# Each scenario is a list of beats; each beat lists alternatives. Slots: {A} the hero's
# name, {he}/{He}/{him}/{his} the hero's pronouns, {B} a friend, {town}, {thing},
# {food}, {day}...
SCENARIOS = [
    [  # something lost
        [
            "{A} could not find {his} {thing} anywhere.",
            "One morning, {A} noticed that {his} {thing} was missing.",
            "{A} had lost {his} {thing} again.",
        ],
        [
            "{He} looked under the bed, behind the sofa and even in the fridge.",
            "{He} searched the whole house twice.",
            "{He} checked every pocket of every coat.",
        ],
        [
            "{B} came over to help.",
            "{His} friend {B} offered to help {him} look.",
            "{He} called {B}, who always knew where things were.",
        ],
        [
            '"When did you last see it?" asked {B}.',
            '"Think back," said {B}. "Where were you yesterday?"',
            "{B} laughed and told {him} to sit down and think.",
        ],
        [
            "In the end, the {thing} was in the garden, next to the watering can.",
            "At last {he} found it in the pocket of {his} old coat.",
            "It turned out that the dog had taken it to its basket.",
        ],
        [
            "{A} promised to be more careful from then on.",
            "{He} thanked {B} with a big slice of cake.",
            "{He} laughed at {him}self for the rest of the day.",
        ],
    ],
    [  # baking for someone
        [
            "{A} wanted to bake a cake for {B}'s birthday.",
            "It was {B}'s birthday on {day}, and {A} had a plan.",
            "{A} decided to surprise {B} with a homemade {food}.",
        ],
        [
            "{He} went to the market in {town} to buy eggs, flour and butter.",
            "{He} borrowed a recipe from {his} grandmother.",
            "{He} cleared the kitchen table and put on an apron.",
        ],
        [
            "The first try was a disaster: the oven was too hot and everything burned.",
            "{He} forgot the sugar the first time.",
            "The dough would not rise, so {he} started again.",
        ],
        [
            "The second try went much better.",
            "By the evening, the kitchen smelled of warm butter and vanilla.",
            "After two hours, a golden {food} sat on the table.",
        ],
        [
            "When {B} saw it, {B} could not stop smiling.",
            "{B} said it was the best {food} {B} had ever eaten.",
            "{B} ate three pieces and asked for the recipe.",
        ],
    ],
    [  # a rainy day
        [
            "It rained all day in {town}.",
            "The rain started before breakfast and did not stop.",
            "On {day} the sky was dark and heavy with rain.",
        ],
        [
            "{A} had planned a picnic by the river, but that was impossible now.",
            "The football match was canceled, and {A} was bored.",
            "{A} stood at the window and watched the puddles grow.",
        ],
        [
            "{He} made a pot of tea and found an old puzzle in the cupboard.",
            "{He} called {B} and invited {him2} over to play cards.",
            "{He} decided to clean the attic instead.",
        ],
        [
            "In the attic {he} found a box of old letters from {his} grandfather.",
            "The puzzle had a thousand pieces and showed a lighthouse by the sea.",
            "They played cards until the candles burned low.",
        ],
        [
            "By evening the rain had stopped and the air smelled fresh.",
            "It turned out to be one of the nicest days of the month.",
            "{A} went to bed tired and happy.",
        ],
    ],
    [  # a new neighbor
        [
            "A new family moved into the house next to {A}'s.",
            "{A} saw a moving van outside the house across the street.",
            "Someone new had moved into the empty flat downstairs.",
        ],
        [
            "{He} baked some cookies and knocked on their door.",
            "{He} wanted to say hello but felt a little shy.",
            "{His} mother told {him} to go and welcome them.",
        ],
        [
            "The new neighbor was {B}, who had just moved from the city.",
            "A tall woman opened the door and introduced herself as {B}.",
            "A young man with paint on his hands opened the door. His name was {B}.",
        ],
        [
            "They talked for an hour about gardens, dogs and the weather.",
            "{B} asked where to buy fresh bread in {town}.",
            "It turned out that they both loved old films.",
        ],
        [
            "Since then they have had tea together every {day}.",
            "Now {A} and {B} walk their dogs together every evening.",
            "It was the start of a long friendship.",
        ],
    ],
    [  # missed bus
        [
            "{A} woke up late and ran to the bus stop.",
            "{A} missed the early bus by a few seconds.",
            "On {day} morning, {A}'s alarm did not ring.",
        ],
        [
            "The next bus would not come for forty minutes.",
            "{He} watched the bus drive away without {him}.",
            "There was no taxi anywhere in {town}.",
        ],
        [
            "So {he} decided to walk.",
            "{He} borrowed {his} brother's old bicycle.",
            "A neighbor saw {him} and offered {him} a lift.",
        ],
        [
            "On the way, {he} passed the bakery and the smell of fresh bread made "
            "{him} smile.",
            "The walk took {him} along the river, where ducks were swimming.",
            "{He} arrived only ten minutes late, out of breath.",
        ],
        [
            "{His} boss just laughed and gave {him} a cup of coffee.",
            "Nobody even noticed.",
            "From then on, {he} set two alarms.",
        ],
    ],
    [  # the garden
        [
            "In spring, {A} planted tomatoes, beans and sunflowers in {his} garden.",
            "{A} had always wanted a vegetable garden.",
            "{A}'s grandfather gave {him} a bag of seeds and some advice.",
        ],
        [
            "Every morning {he} watered the plants before work.",
            "The snails ate half of the lettuce in the first week.",
            "{He} built a small fence to keep the rabbits out.",
        ],
        [
            "By July the tomatoes were red and sweet.",
            "The sunflowers grew taller than the fence.",
            "The beans climbed all the way up the wall.",
        ],
        [
            "{He} shared the harvest with {B} and the other neighbors.",
            "{He} made soup from the vegetables and invited {B} for dinner.",
            "{He} sold some of the vegetables at the market in {town}.",
        ],
        [
            "Next year, {he} wants to plant potatoes as well.",
            "{He} says that nothing tastes as good as food you grew yourself.",
            "It was a lot of work, but {he} loved every minute of it.",
        ],
    ],
    [  # learning something
        [
            "{A} had always wanted to learn to play the {instrument}.",
            "At the age of sixty, {A} decided to learn to swim.",
            "{A} signed up for a painting class at the community center.",
        ],
        [
            "The first lessons were hard, and {he} felt clumsy.",
            "On the first day, {he} nearly gave up.",
            "The teacher, {B}, was patient and kind.",
        ],
        [
            "{He} practiced a little every evening.",
            "Week after week, {he} got a little better.",
            "{He} made many mistakes, but {he} kept going.",
        ],
        [
            "After three months, {he} could finally do it without help.",
            'One day the teacher said, "That was really good."',
            "By the end of the year, {he} was teaching {his} grandchildren.",
        ],
        [
            "{He} still practices every day.",
            "{He} was proud of {him}self.",
            "Now {he} wonders why {he} waited so long.",
        ],
    ],
    [  # a storm
        [
            "A storm came in from the sea one night.",
            "The radio warned that a big storm was coming to {town}.",
            "The wind grew stronger all afternoon.",
        ],
        [
            "{A} closed the shutters and brought the chairs inside.",
            "The lights went out just after dinner.",
            "Rain hammered on the roof for hours.",
        ],
        [
            "{He} lit some candles and listened to the wind.",
            "{He} and {B} sat in the kitchen and told stories.",
            "The cat hid under the bed all night.",
        ],
        [
            "In the morning, the garden was full of branches and leaves.",
            "An old tree had fallen across the road.",
            "The sky was clear and blue, as if nothing had happened.",
        ],
        [
            "The neighbors came out to help each other clean up.",
            "By lunchtime, the road was open again.",
            "Everyone in {town} talked about the storm for weeks.",
        ],
    ],
    [  # a trip to the sea
        [
            "Last summer, {A} and {B} took the train to the coast.",
            "{A} had not seen the sea for years.",
            "For {his} birthday, {A} went on a trip to the seaside.",
        ],
        [
            "The journey took four hours, and they played cards the whole way.",
            "They found a small hotel near the harbor.",
            "The town by the sea was full of white houses and blue doors.",
        ],
        [
            "Every morning they swam before breakfast.",
            "They ate fried fish on the pier and watched the boats.",
            "They walked along the cliffs and collected shells.",
        ],
        [
            "One day it rained, so they visited the little museum about sailors.",
            "On the last evening they watched the sun go down over the water.",
            "A fisherman showed them how to tie a knot.",
        ],
        [
            "{A} says {he} will go back next year.",
            "They came home tired, brown and very happy.",
            "It was the best week of the whole year.",
        ],
    ],
    [  # fixing something
        [
            "{A}'s old {thing} stopped working one evening.",
            "The kitchen tap had been dripping for weeks.",
            "The front gate of {A}'s house would not close.",
        ],
        [
            "{He} did not want to buy a new one.",
            "A new one would cost far too much.",
            "{B} said it could not be fixed, but {A} wanted to try.",
        ],
        [
            "{He} opened {his} father's old toolbox and found a screwdriver and some "
            "wire.",
            "{He} took it apart on the kitchen table.",
            "{He} asked the man at the hardware shop for advice.",
        ],
        [
            "After an hour of work, it worked again.",
            "The problem was just one loose screw.",
            "It took all afternoon, but in the end {he} got it working.",
        ],
        [
            "{He} felt very proud.",
            "{B} had to admit that {he} was wrong.",
            "It still works today.",
        ],
    ],
    [  # a lost pet
        [
            "{A}'s dog ran away during the fireworks.",
            "The cat did not come home for dinner.",
            "One morning the gate was open and the little goat was gone.",
        ],
        [
            "{A} walked through the streets of {town}, calling its name.",
            "{He} put up posters at the bakery and the post office.",
            "{B} helped {him} search the park.",
        ],
        [
            "Nobody had seen it.",
            "A boy said he had seen an animal near the old mill.",
            "By evening, {A} was very worried.",
        ],
        [
            "The next day, a farmer called and said it was sleeping in his barn.",
            "Late that night, there was a scratch at the door.",
            "It was found in the neighbor's garden, eating the lettuce.",
        ],
        [
            "{A} was so happy that {he} cried.",
            "Since then, {he} always keeps the gate closed.",
            "It got a very big dinner that night.",
        ],
    ],
    [  # first day at work
        [
            "{A} started a new job at the {workplace} in {town}.",
            "It was {A}'s first day as a {job}.",
            "After a long search, {A} finally found work as a {job}.",
        ],
        [
            "{He} was so nervous that {he} could not eat breakfast.",
            "{He} arrived half an hour early.",
            "{He} wore {his} best shirt and polished {his} shoes.",
        ],
        [
            "{His} new colleague, {B}, showed {him} around.",
            "The manager gave {him} a long list of rules.",
            "Everyone was friendly, and someone had made coffee.",
        ],
        [
            "By lunch {he} had already made two mistakes, but nobody minded.",
            "The afternoon went quickly.",
            "{He} learned the names of twelve people and forgot most of them.",
        ],
        [
            "At home, {he} told {his} family all about it.",
            "{He} went to bed early, tired but happy.",
            "{He} knew {he} was going to like it there.",
        ],
    ],
]

STORY_OPENINGS = [
    "It was a {weather} day in {month}.",
    "This happened in {town} a few years ago.",
    "Once upon a time, in a {weather} little town called {town}, "
    "there lived a {job} named {A}.",
    "Nobody in {town} remembers exactly when this happened.",
]

INSTRUMENTS = "piano|guitar|violin|flute|drums|trumpet|cello|accordion".split("|")
JOBS = bars("""baker|nurse|teacher|gardener|librarian|cook|driver|mechanic|carpenter
|clerk|painter|waiter""")
WORKPLACES = bars("""bakery|hospital|school|library|garage|hotel|post office|museum
|factory|bank|harbor office""")

# --------------------------------------------------------------- daily life and places
DIARY_PIECES = [
    "I woke up at {hour} and lay in bed {listening to the birds|listening to the "
    "rain|thinking about the day ahead|for far too long}.",
    "For breakfast I had {food_phrase} and a {cup|mug|big cup} of {drink}.",
    "The {bus|tram|train} was late again, so I {walked|cycled|took a taxi} to work.",
    "At lunch I sat in the {park|square|garden behind the office} and {read a few "
    "pages of my book|watched the pigeons|ate my sandwich in the sun}.",
    "In the {afternoon|evening|middle of the morning} it started to {rain|snow|pour}.",
    "I called my {mother|sister|brother|grandmother|oldest friend}, and we talked for "
    "{almost an hour|ages|twenty minutes}.",
    "After dinner I {washed the dishes|swept the floor|folded the laundry} and "
    "{watered the plants|fed the cat|took out the rubbish}.",
    "I am so tired that I can hardly keep my eyes open.",
    "Tomorrow I have to get up {early|at five|before sunrise}, so I will go to bed "
    "now.",
    "It was a {quiet|slow|gentle|lazy} day, and that was exactly what I needed.",
    "I finally fixed the {shelf in the hallway|dripping tap|squeaky door|wobbly "
    "chair}.",
    "My neighbor gave me some {tomatoes|plums|beans|apples|eggs} from {her|his} "
    "{garden|farm|allotment}.",
    "I went for a {long|short|slow} walk {by the river|in the woods|along the "
    "beach|around the lake} and saw {two herons|a fox|a family of ducks|a deer|an old "
    "friend}.",
    "The house is very quiet without {the children|my sister|the dog|my roommate}.",
    "I tried a new recipe {tonight|for lunch|this evening}, and it was {not bad at "
    "all|a small disaster|better than I expected}.",
    "I spent the evening {writing letters|reading|mending my coat|sorting old "
    "photos|playing the piano}.",
    "I forgot my umbrella and got soaked on the way {home|to work|to the station}.",
    "Work was {busy|slow|long|strange}, but my colleagues made me laugh.",
    "I cleaned the {kitchen|bathroom|whole flat|garage} from top to bottom.",
    "There was {frost|ice|mist} on the windows this morning.",
    "I found an old photo of my {grandparents|parents|first school class|old dog} in "
    "a drawer.",
    "I bought {flowers|a plant|a loaf of fresh bread|some cherries} at the market, "
    "just because.",
    "My {back|knees|arms|feet} hurt after all that "
    "{gardening|walking|painting|dancing}.",
    "The cat slept on my {feet|pillow|laptop|coat} all {night|afternoon|morning}.",
    "{Anna|My sister|Our neighbor|My friend from work} came over for "
    "{tea|coffee|dinner} and stayed {until midnight|for hours|longer than planned}.",
    "I {paid the bills|answered my emails|wrote a shopping list} and felt very grown "
    "up.",
    "The {heating|washing machine|fridge|light in the hall} broke again, so I called "
    "the landlord.",
    "I {ran|walked|jogged} {three|five|two} kilometers before breakfast and felt "
    "great.",
]

TOWN_KINDS = bars("""village|town|fishing village|market town|small city
|mountain village|river town|harbor town""")
TOWN_LOCATIONS = [
    "on the north coast",
    "in a green valley",
    "at the foot of the hills",
    "on the banks of a wide river",
    "near a large forest",
    "on a small island",
    "at the edge of a lake",
    "high in the mountains",
    "between two hills",
    "on the old road to the capital",
]
TOWN_SENTENCES = [
    "About {pop} people live there.",
    "The main street has {a bakery|a butcher|a pharmacy}, {two cafes|a small hotel|a "
    "hardware shop} and {a bookshop|a post office|a bank}.",
    "Most people work {on the farms|in the harbor|in the small factory by the "
    "river|in the forest|in the shops}.",
    "Every {day}, there is a market in the square where farmers sell {food_pl} and "
    "{cheese|honey|eggs|bread}.",
    "The oldest building is the {stone church|town hall|mill|bridge}, which is more "
    "than {three|four|five|six} hundred years old.",
    "In summer, visitors come to {swim in the lake|walk in the hills|sail on the "
    "bay|fish in the river} and {eat ice cream|walk in the hills|rest}.",
    "The winters are {long|hard|mild|wet} and {cold|dark|windy}, and the roads are "
    "{often|sometimes} covered with {snow|mud|ice}.",
    "The town is famous for its {food_pl} and its {autumn festival|spring fair|summer "
    "concerts|boat race}.",
    "A small ferry crosses the {river|bay|lake} every {hour|half hour|morning}.",
    "The school has only {two|three|four} classrooms, and everyone knows the teacher.",
    "Many of the houses are painted in bright colors, {red, yellow and blue|pink and "
    "green|white with blue doors}.",
    "There is a little museum about the history of the {railway|harbor|mine|salt "
    "trade|old school}.",
    "The nearest hospital is in {town2}, {an hour|forty minutes|two hours} away by "
    "bus.",
    "At night it is so quiet that you can hear the {river|sea|wind in the trees|owls}.",
    "The harbor is full of small {fishing boats|sailing boats|rowing boats}.",
    "The people are {friendly|polite|kind|proud}, but they do not like to hurry.",
    "On clear days you can see the {mountains|islands|lighthouse|next town} from the "
    "bridge.",
    "The town was founded in {year} by {farmers|fishermen|monks|miners} from {town2}.",
    "The library is open on weekdays and on {Saturday mornings|Sunday "
    "afternoons|Thursday evenings}.",
    "A path leads from the town up to an old {lighthouse|castle|chapel|windmill}.",
    "Young people often move to the city, but many come back {later|to raise their "
    "children|when they are older}.",
    "The local football club plays every {Sunday afternoon|Saturday morning} {on the "
    "field behind the school|by the river}.",
    "Rents are {low|cheap|high}, and the air is clean.",
    "There are no traffic lights in the whole {town|valley|island}.",
    "The {bakery|cafe|butcher} on the corner has been run by the same family for "
    "{three|four|five} generations.",
    "In {month}, the streets fill with {music|flowers|lanterns|stalls} for the "
    "{harvest|summer|winter} festival.",
    "{Sheep|Cows|Goats} graze on the hills {around|above|behind} the town.",
    "The train to {town2} leaves {twice a day|every hour|three times a day}.",
]

# ------------------------------------------------------------------ reviews
REVIEW_OPENERS = {
    "food": [
        "We went to {venue} for my {relative}'s birthday.",
        "I had lunch at {venue} on {day}.",
        "We stopped at {venue} on our way home.",
        "A friend recommended {venue}, so we tried it last week.",
        "{venue} opened a few months ago near the station.",
        "We ordered dinner from {venue} on a {weather} evening.",
    ],
    "film": [
        "I saw {title} at the cinema last night.",
        "We watched {title} at home on {day}.",
        "{title} is the new film everyone is talking about.",
        "My {relative} picked {title} for our film night.",
        "I had heard a lot about {title} before I saw it.",
    ],
    "product": [
        "I bought this {item} a month ago.",
        "My {relative} gave me this {item} for my birthday.",
        "I needed a new {item}, so I ordered this one.",
        "I have been using this {item} every day for six weeks.",
        "This is my second {item} from this brand.",
    ],
    "trip": [
        "We spent a week in {town} in {month}.",
        "My {relative} and I stayed in {town} for three nights.",
        "We visited {town} on a day trip.",
        "Our family went to {town} for the holidays.",
        "I traveled to {town} for work and stayed an extra weekend.",
    ],
    "book": [
        "I read {title} on holiday.",
        "My {relative} lent me {title}.",
        "I picked up {title} at the library.",
        "Our book club chose {title} this month.",
    ],
}
VENUE_WORDS = "Corner|Garden|Harbor|Blue|Golden|Little|Old|Green|Sunny|Red".split("|")
VENUE_KINDS = bars("""Cafe|Kitchen|Bistro|Diner|Grill|Noodle Bar|Bakery|Pizzeria
|Tea Room|Restaurant""")
TITLE_PARTS_A = bars("""The Last|A Quiet|The Long|The Secret|One More|The Silver
|The Hidden|A Winter|The Lost|The Little|The Red|Under the""")
TITLE_PARTS_B = bars("""Summer|Harbor|Letter|Garden|Bridge|Journey|Island|Lighthouse
|Road|Kitchen|River|Orchard|Moon|Train""")
RELATIVES = bars("""sister|brother|mother|father|aunt|uncle|husband|wife|son|daughter
|friend|grandmother|cousin|partner""")
PRODUCT_ITEMS = bars("""blender|kettle|lamp|backpack|tent|umbrella|toaster
|vacuum cleaner|phone case|desk chair|rain jacket|pair of boots""")

CLOZE_POSITIVE = [
    "Overall, it was great.",
    "Overall, it was good.",
    "All in all, it was great.",
    "In short: great.",
]
CLOZE_NEGATIVE = [
    "Overall, it was terrible.",
    "Overall, it was bad.",
    "All in all, it was terrible.",
    "In short: terrible.",
]
STARS = {1: "One star.", 2: "Two stars.", 4: "Four stars.", 5: "Five stars."}
SHORT_REVIEW_LEADS = [
    "",
    "",
    "",
    "",
    "I think ",
    "For me, ",
    "In my view, ",
    "To be honest, ",
]

# ---------------------------------------------- dialogues, notes, lists, recipes, news
DIALOGUE_TOPICS = [
    [
        (
            "Are you coming to the market {tomorrow|on {day}|this weekend}?",
            "Yes, I need {eggs|cheese|bread|flour} and {food_pl}.",
        ),
        (
            "What time shall we meet?",
            "Let's say {eight|nine|ten} o'clock, by the {fountain|bakery|church|bus "
            "stop}.",
        ),
        ("Should I bring a {basket|bag|trolley}?", "Good idea. Bring two."),
        ("See you {tomorrow|then|on {day}}, then.", "See you!"),
    ],
    [
        (
            "Did you sleep well?",
            "Not really. The {neighbors had a party|baby was crying|wind kept me "
            "awake|cat walked on my face}.",
        ),
        ("Oh no. Do you want some {coffee|tea}?", "Yes, please. A big cup."),
        ("Milk and sugar?", "{Just milk|Just sugar|Neither|Both}, thanks."),
        ("Here you go.", "You are a lifesaver."),
    ],
    [
        (
            "Have you seen my {keys|glasses|phone|wallet}?",
            "{They were|It was} on the {kitchen table|windowsill|sofa} this morning.",
        ),
        ("Not there now.", "Did you look in your {coat pocket|bag|car}?"),
        ("Oh. Here {they are|it is}.", "Every single time!"),
    ],
    [
        (
            "How was your trip to {town}?",
            "{Wonderful|Lovely|Tiring but fun|Too short}. The weather was "
            "{perfect|mixed|better than expected}.",
        ),
        (
            "What did you do there?",
            "We {walked a lot|swam every day|visited the museum|went to the market} "
            "and ate far too much.",
        ),
        (
            "Would you go back?",
            "{Definitely|Maybe|Of course}. {Maybe next spring|Next summer, I hope|As "
            "soon as I can}.",
        ),
    ],
    [
        (
            "Excuse me, how do I get to the {station|museum|library|harbor}?",
            "Go straight ahead and turn {left|right} at the {bakery|church|traffic "
            "lights|post office}.",
        ),
        ("Is it far?", "About {five|ten|fifteen} minutes on foot."),
        ("Thank you very much.", "You are welcome. Have a nice day."),
    ],
    [
        (
            "What are you cooking?",
            "{Vegetable soup|Bean stew|Fish pie|Mushroom risotto}, like my "
            "{grandmother|father|aunt} used to make.",
        ),
        ("It smells amazing.", "It will be ready in {ten|twenty|forty} minutes."),
        (
            "Can I help?",
            "You can {set the table|cut the bread|open the wine|wash the salad}.",
        ),
    ],
    [
        (
            "Do you want to watch a film tonight?",
            "Sure. Something {funny|scary|short|old}, please.",
        ),
        ("I heard {title} is good.", "Let's try it."),
        ("I will make {popcorn|tea|cocoa}.", "Perfect."),
    ],
    [
        ("I am sorry I was late.", "That's all right. What happened?"),
        (
            "The {bus|tram|train} broke down near the {bridge|school|station}.",
            "Again? That {bus|tram|train} is older than me.",
        ),
        ("Next time I will take my {bike|scooter|car}.", "Good plan."),
    ],
    [
        (
            "Can you help me move the {sofa|piano|wardrobe|bookshelf} on {day}?",
            "Of course. What time?",
        ),
        (
            "After lunch, if that is all right.",
            "Fine. I will bring my {brother|cousin|neighbor} too.",
        ),
        (
            "Thank you. I will make {pizza|soup|pancakes} for everyone.",
            "Now I am definitely coming.",
        ),
    ],
    [
        ("Is this seat free?", "Yes, please sit down."),
        (
            "Are you going all the way to {town}?",
            "Yes, I visit my {daughter|son|sister|old friend} there every "
            "{month|week|summer}.",
        ),
        (
            "It is a beautiful ride along the {coast|river|hills}.",
            "It is. I never get tired of it.",
        ),
    ],
    [
        (
            "Why is the dog so muddy?",
            "He jumped into the {pond|river|puddle by the gate} again.",
        ),
        (
            "Who is going to wash him?",
            "Not me. I washed him {last time|yesterday|twice this week}.",
        ),
        ("Fine. But you are cleaning the floor.", "Deal."),
    ],
    [
        (
            "What do you want for your birthday?",
            "Nothing big. Maybe a good {book|scarf|plant|record}.",
        ),
        ("Any {book|kind}?", "Something about the {sea|mountains|stars|old days}."),
        ("I know just the {one|thing}.", "Do not tell me. I want a surprise."),
    ],
    [
        (
            "Is the {bakery|pharmacy|post office} open on {day}?",
            "Only in the morning, I think.",
        ),
        (
            "Do you need anything from there?",
            "A {loaf of bread|box of plasters|book of stamps}, if you don't mind.",
        ),
        ("No problem.", "Thanks, you are a star."),
    ],
    [
        (
            "How is your {mother|father|grandmother|uncle}?",
            "Much better, thank you. {She|He} is back {home|at work|in the garden}.",
        ),
        ("I am glad to hear it.", "{She|He} asked about you, by the way."),
        ("Tell {her|him} I said hello.", "I will."),
    ],
]
NOTE_BODIES = [
    "I have gone to the {market|bakery|post office|doctor}. There is "
    "{soup|pasta|rice|pie} in the fridge. Back by {five|six|seven}.",
    "Please water the plants while I am away. The {tomatoes|ferns|roses|beans} need a "
    "lot of water.",
    "Thank you so much for the lovely {dinner|lunch|evening|party} {last night|on "
    "{day}}. The {cake|soup|music|company} was wonderful.",
    "Can you pick up some {bread|eggs|coffee|rice} and {milk|butter|onions|apples} on "
    "your way home?",
    "Don't forget: the {dentist|doctor|hairdresser|mechanic} at {nine|ten|eleven} "
    "tomorrow morning.",
    "I borrowed your {umbrella|bicycle|ladder|blue scarf}. I will bring it back on "
    "{day}.",
    "The {plumber|electrician|window cleaner} is coming on {day} between nine and "
    "twelve. Can you let {him|her} in?",
    "We are having a small party on {day}. Bring something to {eat|drink|play} if you "
    "can.",
    "The cat has already had her dinner, whatever she tells you.",
    "I finished the {book|novel|cookbook} you lent me. I loved the "
    "{ending|pictures|first chapter}.",
    "Sorry about the noise last night. It was my {brother|sister|cousin|son}'s "
    "birthday.",
    "Your parcel was delivered to our house by mistake. Come and get it any time.",
    "The keys are under the {flower pot|mat|third stone} by the {back door|gate|shed}.",
    "I will be late {tonight|on {day}}, so please start dinner without me.",
]
LIST_TITLES = {
    "shopping": [
        "Shopping list:",
        "Things to buy:",
        "From the market:",
        "For the weekend:",
    ],
    "packing": [
        "Packing list for the camping trip:",
        "Things to pack:",
        "Do not forget:",
        "For the beach:",
    ],
    "todo": [
        "To do this week:",
        "Things to do before the guests arrive:",
        "Jobs for Saturday:",
        "Before we leave:",
    ],
}
TODO_ITEMS = bars("""call the plumber|pay the electricity bill|fix the bike
|clean the windows|buy a birthday card|take the dog to the vet
|return the library books|cut the grass|wash the car|write to grandma|paint the fence
|bake bread|sort the old clothes|book the train tickets|water the garden""")
PACKING_ITEMS = bars("""a tent|sleeping bags|a flashlight|a warm sweater|sun cream
|a map|a first aid kit|two towels|a water bottle|a rain jacket|some snacks|a book
|a hat|spare socks|matches|a pocket knife|a camera""")

RECIPE_DISHES = [
    (
        "vegetable soup",
        [
            "two carrots",
            "one onion",
            "three potatoes",
            "a stick of celery",
            "a liter of water",
            "salt and pepper",
        ],
        [
            "Chop the vegetables into small pieces.",
            "Fry the onion in a little oil until it is soft.",
            "Add the other vegetables and the water.",
            "Let it cook for about thirty minutes.",
            "Add salt and pepper to taste.",
            "Serve it hot with fresh bread.",
        ],
    ),
    (
        "pancakes",
        [
            "two eggs",
            "a cup of flour",
            "a cup of milk",
            "a pinch of salt",
            "some butter for the pan",
        ],
        [
            "Mix the flour and the salt in a bowl.",
            "Beat in the eggs and the milk until the batter is smooth.",
            "Heat a little butter in a pan.",
            "Pour in a thin layer of batter.",
            "Turn the pancake when the bottom is golden.",
            "Eat them with honey, jam or lemon.",
        ],
    ),
    (
        "a simple tomato sauce",
        [
            "six ripe tomatoes",
            "two cloves of garlic",
            "a little olive oil",
            "a few leaves of basil",
            "salt",
        ],
        [
            "Chop the tomatoes and the garlic.",
            "Warm the oil in a pan and add the garlic.",
            "Add the tomatoes and a pinch of salt.",
            "Cook slowly for twenty minutes, stirring now and then.",
            "Tear the basil and stir it in at the end.",
        ],
    ),
    (
        "banana bread",
        [
            "three ripe bananas",
            "two eggs",
            "a cup of sugar",
            "two cups of flour",
            "a spoon of baking powder",
            "some melted butter",
        ],
        [
            "Heat the oven.",
            "Mash the bananas with a fork.",
            "Mix in the eggs, the sugar and the butter.",
            "Stir in the flour and the baking powder.",
            "Pour the batter into a tin.",
            "Bake for about an hour, until a knife comes out clean.",
        ],
    ),
    (
        "a cup of tea",
        ["fresh water", "a tea bag", "milk if you like", "honey if you like"],
        [
            "Boil the water in a kettle.",
            "Put the tea bag in a cup.",
            "Pour the hot water over it.",
            "Wait three or four minutes.",
            "Take out the tea bag.",
            "Add milk or honey if you like.",
        ],
    ),
    (
        "a green salad",
        [
            "a head of lettuce",
            "a cucumber",
            "a handful of herbs",
            "a lemon",
            "olive oil",
            "salt",
        ],
        [
            "Wash the lettuce and dry it well.",
            "Slice the cucumber thinly.",
            "Chop the herbs.",
            "Mix lemon juice, oil and a little salt.",
            "Toss everything together just before you eat.",
        ],
    ),
    (
        "fried rice",
        [
            "two cups of cooked rice",
            "two eggs",
            "a handful of peas",
            "one carrot",
            "two spring onions",
            "soy sauce",
        ],
        [
            "Heat some oil in a large pan.",
            "Fry the carrot and the peas for a few minutes.",
            "Push them aside and scramble the eggs.",
            "Add the rice and stir until it is hot.",
            "Add soy sauce and the spring onions.",
        ],
    ),
]
NEWS_PIECES = [
    "The town council of {town} met on {day} to discuss {the new bus timetable|the "
    "price of parking|the future of the old mill|a new playground}.",
    "A {bakery|butcher|cheese shop|cafe} in {town} has won a prize for the best "
    "{bread|sausages|cheese|cakes} in the region.",
    "The bridge over the river in {town} will be closed for repairs until {month}.",
    "Volunteers planted more than {two|three|five} hundred trees in the {park|school "
    "yard|hills above {town}} on {day}.",
    "The library in {town} will open on {Sunday afternoons|Monday evenings} from next "
    "month.",
    "Heavy rain flooded several streets in the {old part|lower part|center} of {town}.",
    "The annual {flower show|dog show|cheese fair|boat race} attracted a record "
    "number of visitors this year.",
    "A lost {dog|cat|goat|parrot} was found safe after {two|three|four} days in the "
    "{forest|hills|old quarry} near {town}.",
    "The school in {town} is collecting {books|old bicycles|warm clothes} for {its "
    "new reading room|families in need|a charity sale}.",
    "Local fishermen reported a {very good|poor|record} season.",
    "The mayor of {town} thanked everyone who helped after the storm.",
    "Tickets for the summer concert are available at the town hall {from "
    "{day}|now|until the end of {month}}.",
    "The old cinema in {town} will show classic films every {Friday|Sunday|Wednesday}.",
    "Roadworks on the main street will cause delays {next week|all month|until "
    "{month}}.",
    "A new cycle path now connects {town} with {town2}.",
    "The museum in {town} is asking residents for old photographs of the "
    "{harbor|railway|school|market}.",
    "Police in {town} are asking drivers to slow down near the school.",
    "The swimming pool in {town} will reopen on {day} after a long repair.",
    "A {hundred|two hundred|thousand} people ran in the charity race from {town} to "
    "{town2}.",
    "The town's oldest resident, who was born in {town}, celebrated her "
    "{hundredth|hundred and first} birthday on {day}.",
]
INVENTED_CREATURES = [
    (
        "marsh lantern",
        "a small moth",
        "glows faintly on summer nights",
        "the wet meadows around {town}",
    ),
    (
        "stonecap",
        "a gray mushroom",
        "grows on old walls and tastes bitter",
        "the hills above {town}",
    ),
    (
        "river whistler",
        "a brown bird",
        "sings two clear notes before it rains",
        "the reed beds of the {river} River",
    ),
    (
        "bluefin darter",
        "a tiny fish",
        "swims in large silver groups",
        "the cold lakes north of {town}",
    ),
    (
        "copper beetle",
        "a shiny beetle",
        "rolls small balls of leaves",
        "the forests near {town}",
    ),
    (
        "snow hare of {town}",
        "a white hare",
        "changes its fur to brown in spring",
        "the high pastures above {town}",
    ),
    (
        "velvet fern",
        "a soft green fern",
        "grows only in deep shade",
        "the valleys west of {town}",
    ),
    (
        "honey thistle",
        "a purple flower",
        "is loved by bees in late summer",
        "the dry fields around {town}",
    ),
]
WEATHER_LINES = [
    "Tomorrow will be {weather} in the morning, with temperatures around {t} degrees.",
    "The weekend will start {weather}, but rain is expected on Sunday.",
    "Expect a {weather} day with a light wind from the west.",
    "Nights will be cold, so cover your plants.",
]
RIVERS = "Amber|Swift|Willow|Stone|Silver|Crane|Otter|Mill|Long|Clear".split("|")


# -------------------------------------------------------- profiles, timelines, notices
HOBBIES = bars("""gardening|fishing|baking bread|playing chess|knitting|bird watching
|painting with watercolors|collecting stamps|cycling in the hills|swimming in the lake
|reading detective stories|playing the accordion|repairing old radios|growing tomatoes
|singing in the choir|building model ships|hiking|running|cooking for friends
|taking photographs of clouds|doing crossword puzzles|dancing on Friday nights
|keeping bees|walking the dog|writing letters to old friends|making jam|carving wood
|playing football|learning languages|sewing|camping""")
DISLIKES = bars("""loud music|cold coffee|waiting in line|rainy Mondays|cabbage
|getting up early|crowded buses|wet socks|people who are late|cleaning the oven
|long meetings|mosquitoes|driving in the snow|burnt toast|small talk|losing at cards
|the sound of the dentist's drill|traffic jams|ironing shirts|washing the car""")
HOMES = bars("""a small flat above the bakery|an old stone house near the river
|a wooden cottage at the edge of the forest|a narrow house with a red door
|a farmhouse with a big garden|a flat on the top floor of a tall building
|a little house by the harbor|a caravan behind the campsite
|a house full of books and plants|a cottage with a leaking roof""")
HABITS = bars("""drinks a glass of water before breakfast
|walks to work, even in the rain|reads the newspaper from the back page
|feeds the birds in the garden|sings while {he} cooks|goes swimming before work
|talks to {his} plants|makes a list for everything|takes a nap after lunch
|calls {his} mother every Sunday|keeps a diary|goes to bed before ten
|drinks far too much coffee|counts the steps on the stairs
|keeps sweets in every pocket|whistles when {he} is nervous""")
DAY_PARTS = [  # (clock times, activities) from morning to night
    (
        "six|half past six|seven|a quarter past seven".split("|"),
        "gets up and opens the curtains|makes breakfast for the family|feeds the "
        "chickens|goes for a run|makes a pot of coffee|does some stretching by the "
        "window".split("|"),
    ),
    (
        "eight|half past eight|nine|ten".split("|"),
        "takes the bus to work|answers emails|walks the children to school|opens the "
        "shop|goes to the market|starts work in the workshop".split("|"),
    ),
    (
        "eleven|noon|one|half past one".split("|"),
        "meets a colleague for coffee|has lunch in the park|eats soup at the corner "
        "cafe|visits {his} grandmother|takes a short nap|goes to the post office".split(
            "|"
        ),
    ),
    (
        "two|three|half past three|four|five".split("|"),
        "picks up the children from school|fixes something in the shed|waters the "
        "garden|practices the piano|goes shopping for dinner|walks the dog along the "
        "river".split("|"),
    ),
    (
        "six|seven|half past seven|eight".split("|"),
        "cooks dinner|plays cards with the neighbors|calls a friend|watches the "
        "news|helps the children with their homework|goes to the choir".split("|"),
    ),
    (
        "nine|ten|eleven".split("|"),
        "writes in {his} diary|takes a long bath|reads in bed|turns off the "
        "lights|listens to the radio|checks that the doors are locked".split("|"),
    ),
]
CLOCK = [t for times, _ in DAY_PARTS for t in times]
FOR_SALE = bars("""a bicycle with a new chain|a wooden table and four chairs
|a pair of hiking boots, size forty|a child's bed, hardly used
|a sewing machine in good condition|a set of blue plates
|an old piano that needs tuning|a tent for four people|a box of records
|a rocking chair|a fridge that works perfectly|a red winter coat|a lawn mower
|two tickets for the concert on {day}|a pile of firewood""")
LOST_FOUND = bars("""a black umbrella at the bus stop|a set of keys on a green ring
|a child's blue glove|a brown dog with a white spot|a gray cat with one white paw
|a wallet near the fountain|a gold ring in the park|a red scarf at the library
|a pair of glasses in a case""")
EVENTS = bars("""a summer fair|a book sale|a quiz night|a concert in the park
|a bake sale|a cleanup of the beach|a football match|a film evening
|a dance for all ages|a plant swap|a children's theater show|a cheese tasting
|a bicycle repair workshop""")
EVENT_PLACES = bars("""the town hall|the school gym|the church hall|the library
|the old mill|the harbor|the market square|the community center
|the park by the river""")


class CorpusWriter(Draws):
    """Writes documents one at a time.

    Example: CorpusWriter(0).story() -> 'Anna could not find ...'
    """

    def __init__(self, seed):
        super().__init__(random.Random(seed))
        self.g = Grammar(self.rng)
        self.quote_queue = []  # sayings the next documents quote (build_corpus sets it)
        self.towns = self._town_names(300)

    # ------------------------------------------------------------ helpers
    def _town_names(self, n):
        """n towns, each once: every town shuffled, some given a prefix or suffix."""
        stems = self.g.names.every_town()
        self.rng.shuffle(stems)
        return [self.g.names.shaped(TOWN_SHAPES, stem=stem) for stem in stems[:n]]

    def slots(self, hero=None, friend=None):
        """The values every hand-written piece may use."""
        hero = hero or self.g.new_person()
        friend = friend or self.g.new_person()
        thing = self.pick(
            [
                "keys",
                "glasses",
                "wallet",
                "watch",
                "phone",
                "scarf",
                "notebook",
                "ring",
                "hat",
                "camera",
            ]
        )
        food = self.pick(
            [
                "cake",
                "pie",
                "bread",
                "tart",
                "loaf of banana bread",
                "batch of cookies",
                "lemon cake",
                "apple pie",
            ]
        )
        values = {
            "A": hero.name,
            "B": friend.name,
            "he": hero.subject,
            "He": capitalise(hero.subject),
            "him": hero.object,
            "his": hero.possessive,
            "His": capitalise(hero.possessive),
            "him2": friend.object,
            "town": self.pick(self.towns),
            "town2": self.pick(self.towns),
            "thing": thing,
            "food": food,
            "day": self.pick(lx.words(lx.DAY)),
            "month": self.pick(lx.words(lx.MONTH)),
            "weather": self.pick(WEATHER.split("|")),
            "instrument": self.pick(INSTRUMENTS),
            "job": self.pick(JOBS),
            "workplace": self.pick(WORKPLACES),
            "food_pl": self.pick(
                [
                    "apples",
                    "pears",
                    "potatoes",
                    "onions",
                    "tomatoes",
                    "cherries",
                    "plums",
                    "mushrooms",
                    "beans",
                    "carrots",
                ]
            ),
            "food_phrase": self.pick(
                [
                    "toast with honey",
                    "a bowl of porridge",
                    "two boiled eggs",
                    "yogurt with berries",
                    "leftover pizza",
                    "pancakes",
                    "bread and cheese",
                    "an apple",
                ]
            ),
            "drink": self.pick(["tea", "coffee", "cocoa", "hot water with lemon"]),
            "hour": self.pick(
                ["six", "half past six", "seven", "a quarter to eight", "eight", "nine"]
            ),
            "pop": self.pick(
                [
                    "two hundred",
                    "five hundred",
                    "eight hundred",
                    "two thousand",
                    "four thousand",
                    "twelve thousand",
                ]
            ),
            "year": str(self.rng.randrange(1200, 1900)),
            "relative": self.pick(RELATIVES),
            "title": f"{self.pick(TITLE_PARTS_A)} {self.pick(TITLE_PARTS_B)}",
            "venue": f"the {self.pick(VENUE_WORDS)} {self.pick(VENUE_KINDS)}",
            "item": self.pick(PRODUCT_ITEMS),
            "river": self.pick(RIVERS),
        }
        return values

    def fill(self, text, values):
        """Fill the named {slots}, then pick {a|b|c} alternatives, innermost first.

        Example: fill('I saw {two herons|a fox} in {town}.', {'town': 'Ashbrook'})
        -> 'I saw a fox in Ashbrook.'
        """
        text = SLOT.sub(lambda m: str(values[m.group(1)]), text)
        while True:
            match = ALTERNATIVES.search(text)
            if not match:
                return text
            text = (
                text[: match.start()]
                + self.pick(match.group(1).split("|"))
                + text[match.end() :]
            )

    def quote(self, speaker=None):
        """A sentence quoting the next saying in the queue; '' when it is empty."""
        if not self.quote_queue:
            return ""
        saying = self.quote_queue.pop()
        speaker = speaker or self.g.new_person()
        frame = self.pick(pv.QUOTE_FRAMES)
        who = (
            speaker.name
            if self.chance(0.6)
            else self.pick(
                [
                    "my grandmother",
                    "my uncle",
                    "the old baker",
                    "our neighbor",
                    "my teacher",
                    "the captain",
                ]
            )
        )
        pron = (
            speaker.subject
            if who == speaker.name
            else "she"
            if who in ("my grandmother", "my teacher")
            else "he"
        )
        text = frame.format(s=saying, S=capitalise(saying), who=who, pron=pron)
        return capitalise(text)

    def grammar_sentences(self, n, cast=None, tense=None):
        return [self.g.sentence(tense=tense, cast=cast) for _ in range(n)]

    def maybe_quote(self, sentences, p, speaker=None):
        """Insert a quoted saying at a random place (not first) with probability p."""
        if self.quote_queue and self.chance(p):
            line = self.quote(speaker)
            position = self.rng.randrange(1, len(sentences) + 1) if sentences else 0
            sentences.insert(position, line)
        return sentences

    # ------------------------------------------------------------ document types
    def story(self):
        hero, friend = self.g.new_person(), self.g.new_person()
        values = self.slots(hero, friend)
        beats = self.pick(SCENARIOS)
        chosen = [self.pick(beat) for beat in beats]
        # Narratives alternate between the hero's name and a pronoun: "He laughed." /
        # "Anna laughed."
        chosen = [
            ("{A}" + c[4:]) if c.startswith("{He} ") and self.chance(0.5) else c
            for c in chosen
        ]
        sentences = [self.fill(c, values) for c in chosen]
        sentences = sentences[:1] + [
            self.linked(s) if self.chance(0.4) else s for s in sentences[1:]
        ]
        extra = self.grammar_sentences(
            self.rng.randrange(1, 4), cast=[hero, friend], tense="past"
        )
        for sentence in extra:
            sentences.insert(self.rng.randrange(1, len(sentences)), sentence)
        if self.chance(0.3):
            sentences.insert(0, self.fill(self.pick(STORY_OPENINGS), values))
        self.maybe_quote(sentences, 0.6, hero)
        return self.paragraphs(sentences)

    def diary(self):
        values = self.slots()
        header = self.pick(
            [
                f"{values['day']}, {self.rng.randrange(1, 29)} {values['month']}.",
                "Dear diary,",
                f"{values['day']} evening.",
                f"{values['month']} {self.rng.randrange(1, 29)}.",
                f"Diary, {values['day']}.",
            ]
        )
        pieces = self.rng.sample(DIARY_PIECES, self.rng.randrange(2, 6))
        sentences = [self.fill(p, values) for p in pieces]
        for sentence in self.grammar_sentences(
            self.rng.randrange(2, 5),
            cast=[Person("I", grammatical_person=1)],
            tense=self.pick(["past", "present"]),
        ):
            sentences.insert(self.rng.randrange(0, len(sentences)), sentence)
        self.maybe_quote(sentences, 0.4)
        return header + "\n" + " ".join(sentences)

    def place(self):
        values = self.slots()
        town = values["town"]
        first = f"{town} is a {self.pick(TOWN_KINDS)} {self.pick(TOWN_LOCATIONS)}."
        pieces = self.rng.sample(TOWN_SENTENCES, self.rng.randrange(3, 8))
        sentences = [first] + [self.fill(p, values) for p in pieces]
        sentences += self.grammar_sentences(self.rng.randrange(1, 4), tense="present")
        self.maybe_quote(sentences, 0.25)
        return " ".join(sentences)

    def review_sentences(
        self, domain, polarity, mixed=False, verdict=True, tense="past"
    ):
        """Sentences of one review: a context, two to four opinions, maybe a verdict."""
        values = self.slots()
        other = "negative" if polarity == "positive" else "positive"
        sentences = [capitalise(self.fill(self.pick(REVIEW_OPENERS[domain]), values))]
        chosen = self.rng.sample(
            op.aspects(domain), min(len(op.aspects(domain)), self.rng.randrange(2, 5))
        )
        for i, (aspect, plural) in enumerate(chosen):
            side = other if (mixed and i == 1) else polarity
            predicate = op.fill(
                self.pick(op.predicates(side, domain, op.is_person(domain, aspect))),
                plural,
                tense,
            )
            lead = self.pick(
                [
                    "",
                    "",
                    "",
                    "Honestly, ",
                    "I thought ",
                    "Sadly, " if side == "negative" else "Happily, ",
                ]
                + (
                    [("To be fair, " if side != polarity else "And "), "Also, "]
                    if i > 0
                    else []
                )
            )
            sentences.append(capitalise(f"{lead}{aspect} {predicate}."))
        if self.chance(0.3):
            table = {
                "positive": (op.NEGATED_POSITIVE, op.MIXED_POSITIVE),
                "negative": (op.NEGATED_NEGATIVE, op.MIXED_NEGATIVE),
            }[polarity]
            sentences.append(capitalise(self.pick(bars(self.pick(table)))) + ".")
        if verdict:
            sentences.append(self.pick(op.verdicts(polarity, domain)))
        return sentences

    def review(self, polar_titles=False):
        """One review. polar_titles=True gives titles that agree with the review (the
        review site); the main corpus keeps its original titles, which ignore the
        polarity, so its text stays as lessons 01-05 measured it.
        """
        domain = self.pick(
            ["food", "food", "film", "product", "product", "trip", "book"]
        )
        polarity = self.pick(["positive", "negative"])
        sentences = self.review_sentences(domain, polarity, mixed=self.chance(0.2))
        roll = self.rng.random()
        if roll < 0.25:
            sentences.append(
                self.pick(CLOZE_POSITIVE if polarity == "positive" else CLOZE_NEGATIVE)
            )
        elif roll < 0.45:
            stars = self.pick([4, 5]) if polarity == "positive" else self.pick([1, 2])
            sentences.append(STARS[stars])
        if self.chance(0.15) and domain in ("food", "trip"):
            self.maybe_quote(sentences, 1.0)
        text = " ".join(sentences)
        if self.chance(0.3):
            titles = [
                "Great little place!",
                "Lovely!",
                "Very happy",
                "Not impressed",
                "Disappointing",
                "Wonderful",
                "Avoid",
                "Worth it",
                "So-so at first, then great",
                "Never again",
            ]
            if polar_titles:
                titles = (
                    [
                        "Lovely!",
                        "Very happy",
                        "Wonderful",
                        "Worth it",
                        "So-so at first, then great",
                    ]
                    if polarity == "positive"
                    else [
                        "Not impressed",
                        "Disappointing",
                        "Avoid",
                        "Never again",
                        "Not worth it",
                    ]
                )
            title = self.pick(
                titles
                if domain != "film"
                else [
                    f"{self.slots()['title']}: my thoughts",
                    "A quick review",
                    "Film night",
                ]
            )
            text = title + "\n" + text
        return text

    def short_review(self):
        """A one- or two-sentence review and its rating, as shops and apps show them:
        the opinion phrase is the only cue to the rating, so a model that predicts
        ratings must learn what each phrase means.

        Example: 'The soup was cold and bland. One star.'
        """
        domain = self.pick(list(op.ASPECTS))
        polarity = self.pick(["positive", "negative"])
        aspects = self.rng.sample(op.aspects(domain), self.pick([1, 1, 2]))
        sentences = []
        for aspect, plural in aspects:
            predicate = op.fill(
                self.pick(
                    op.predicates(polarity, domain, op.is_person(domain, aspect))
                ),
                plural,
            )
            sentences.append(
                capitalise(f"{self.pick(SHORT_REVIEW_LEADS)}{aspect} {predicate}.")
            )
        if self.chance(0.2):
            table = (
                (op.NEGATED_POSITIVE, op.MIXED_POSITIVE)
                if polarity == "positive"
                else (op.NEGATED_NEGATIVE, op.MIXED_NEGATIVE)
            )
            sentences = [capitalise(self.pick(bars(self.pick(table)))) + "."]
        roll = self.rng.random()
        if roll < 0.35:
            rating = STARS[
                self.pick([4, 5]) if polarity == "positive" else self.pick([1, 2])
            ]
        elif roll < 0.7:
            rating = self.pick(
                CLOZE_POSITIVE if polarity == "positive" else CLOZE_NEGATIVE
            )
        else:
            stars = self.pick([4, 5]) if polarity == "positive" else self.pick([1, 2])
            rating = f"Rating: {stars} out of 5."
        return " ".join(sentences + [rating])

    def dialogue(self):
        values = self.slots()
        a, b = values["A"], values["B"]
        if a == b:
            b = self.g.new_person().name
        lines = []
        for question, answer in self.pick(DIALOGUE_TOPICS):
            lines.append(f"{a}: {self.fill(question, values)}")
            lines.append(f"{b}: {self.fill(answer, values)}")
        if self.quote_queue and self.chance(0.4):
            saying = self.quote_queue.pop()
            lines.append(f"{a}: {capitalise(saying)}, as they say.")
        if self.chance(0.5):
            lines.insert(
                0,
                self.pick(
                    [
                        "At the kitchen table.",
                        "On the phone.",
                        "At the bus stop.",
                        "In the garden.",
                        f"{a} and {b}, on a {values['weather']} morning.",
                    ]
                ),
            )
        return "\n".join(lines)

    def note(self):
        values = self.slots()
        greeting = self.pick(["Dear {B},", "Hi {B}!", "{B},", "Hello {B},"])
        body = [
            self.fill(p, values)
            for p in self.rng.sample(NOTE_BODIES, self.rng.randrange(1, 4))
        ]
        body += self.grammar_sentences(
            self.rng.randrange(0, 3), tense=self.pick(["past", "future"])
        )
        self.maybe_quote(body, 0.3)
        closing = self.pick(
            [
                "Love, {A}",
                "See you soon, {A}",
                "Thanks! {A}",
                "Best wishes, {A}",
                "{A}",
                "Hugs, {A}",
            ]
        )
        return "\n".join(
            [self.fill(greeting, values), " ".join(body), self.fill(closing, values)]
        )

    def item_list(self):
        kind = self.pick(["shopping", "packing", "todo"])
        title = self.pick(LIST_TITLES[kind])
        if kind == "shopping":
            items = []
            for _ in range(self.rng.randrange(4, 10)):
                phrase, _ = self.g.noun_phrase("food", depth=2)
                items.append(phrase)
        elif kind == "packing":
            items = self.rng.sample(PACKING_ITEMS, self.rng.randrange(4, 9))
        else:
            items = self.rng.sample(TODO_ITEMS, self.rng.randrange(3, 8))
        items = list(dict.fromkeys(items))
        if self.chance(0.5):
            return title + "\n" + "\n".join(f"- {item}" for item in items)
        return f"{title} {', '.join(items[:-1])} and {items[-1]}."

    def recipe(self):
        dish, ingredients, steps = self.pick(RECIPE_DISHES)
        bare = dish.split(" ", 1)[1] if dish.startswith("a ") else dish
        lines = [
            self.pick(
                [f"How to make {dish}.", f"Recipe: {bare}.", f"My favorite {bare}."]
            )
        ]
        lines.append(
            "You will need: "
            + ", ".join(ingredients[:-1])
            + " and "
            + ingredients[-1]
            + "."
        )
        connectives = ["First,", "Then", "Next,", "After that,", "Now", "Finally,"]
        text_steps = []
        for i, step in enumerate(steps):
            if self.chance(0.5) and 0 < i:
                word = (
                    connectives[min(i, len(connectives) - 1)]
                    if i < len(steps) - 1
                    else "Finally,"
                )
                step = f"{word} {step[0].lower()}{step[1:]}"
            text_steps.append(step)
        lines.append(" ".join(text_steps))
        if self.chance(0.3):
            lines.append(
                self.pick(
                    [
                        "My children love it.",
                        "It is even better the next day.",
                        "It takes less than an hour.",
                        "Enjoy!",
                    ]
                )
            )
        return "\n".join(lines)

    def news(self):
        values = self.slots()
        pieces = self.rng.sample(NEWS_PIECES, self.rng.randrange(2, 5))
        sentences = [self.fill(p, values) for p in pieces]
        if self.chance(0.4):
            sentences.append(self.weather_line(values))
        return (
            self.pick(
                [
                    f"Local news, {values['day']}.",
                    f"News from {values['town']}.",
                    f"{values['town']} this week.",
                    f"The {values['town']} Gazette, {values['month']}.",
                ]
            )
            + "\n"
            + " ".join(sentences)
        )

    def weather_line(self, values):
        return self.fill(
            self.pick(WEATHER_LINES), {**values, "t": self.rng.randrange(-5, 32)}
        )

    def real_facts(self):
        chosen = self.rng.sample(facts.real_facts(), self.rng.randrange(3, 8))
        head = self.pick(
            [
                "Did you know?",
                "Some facts about the world.",
                "Facts for curious children.",
                "A few things worth knowing.",
                "",
            ]
        )
        body = (
            " ".join(chosen)
            if self.chance(0.6)
            else "\n".join(f"- {f}" for f in chosen)
        )
        return (head + "\n" + body) if head else body

    def invented_entry(self):
        values = self.slots()
        if self.chance(0.5):
            name, what, habit, where = self.pick(INVENTED_CREATURES)
            name, where = self.fill(name, values), self.fill(where, values)
            sentences = [
                f"The {name} is {what} found in {where}.",
                f"It {habit}.",
                self.pick(
                    [
                        f"It was first described in {values['year']}.",
                        "Little is known about how long it lives.",
                        "Local children collect pictures of it.",
                        "It is not found anywhere else.",
                    ]
                ),
            ]
        else:
            town = values["town"]
            sentences = [
                f"{town} is a {self.pick(TOWN_KINDS)} {self.pick(TOWN_LOCATIONS)}.",
                self.fill(
                    self.pick(
                        [
                            "It has a population of about {pop}.",
                            "It was founded in {year}.",
                            "It lies on the {river} River.",
                        ]
                    ),
                    values,
                ),
                self.fill(
                    self.pick(
                        [
                            "Its main industries are farming and fishing.",
                            "It is known for its {food_pl}.",
                            "It is twinned with {town2}.",
                            "The town has a small railway station.",
                        ]
                    ),
                    values,
                ),
            ]
        return " ".join(sentences)

    def questions(self):
        pairs = self.rng.sample(questions(), self.rng.randrange(3, 7))
        style = self.rng.randrange(3)
        if style == 0:
            lines = [f"Q: {q}\nA: {a}." for q, a in pairs]
        elif style == 1:
            lines = [f"Question: {q} Answer: {a}." for q, a in pairs]
        else:
            lines = [f"{q} {a}." for q, a in pairs]
        head = self.pick(
            [
                "Quiz night questions.",
                "Test your knowledge!",
                "Questions from the children.",
                "",
            ]
        )
        return "\n".join(([head] if head else []) + lines)

    def labeled_reviews(self):
        """Text like a labeled list or a sentiment question, as on the web."""
        style = self.rng.randrange(4)
        items = []
        for _ in range(self.rng.randrange(2, 6) if style < 2 else 1):
            polarity = self.pick(["positive", "negative"])
            domain = self.pick(list(op.ASPECTS))
            sentences = self.review_sentences(
                domain, polarity, verdict=self.chance(0.5)
            )[1:3]
            items.append((polarity, " ".join(sentences)))
        if style == 0:
            head = self.pick(
                [
                    "Here are some reviews with their sentiment.",
                    "Customer reviews, sorted by sentiment.",
                    "",
                ]
            )
            body = "\n".join(
                f"Review: {text} Sentiment: {label}" for label, text in items
            )
            return (head + "\n" + body) if head else body
        if style == 1:
            return "\n".join(
                f'"{text}" This review is {label}.' for label, text in items
            )
        label, text = items[0]
        if style == 2:
            return (
                f"Does this review sound positive or negative? {text}\n"
                f"{capitalise(label)}."
            )
        return (
            f'Q: Is the following review positive or negative? "{text}"\n'
            f"A: {capitalise(label)}."
        )

    def profile(self):
        """A short sketch of one person: age, work, home, habits, likes and dislikes."""
        hero = self.g.new_person(surname=self.chance(0.5))
        values = self.slots(hero)
        he, his = values["he"], values["his"]
        age = self.rng.randrange(9, 92)
        if age <= 18:
            work = "goes to school"
        elif age < 70:
            job = self.pick(JOBS)
            work = f"works as {lx.article(job)} {job}"
        else:
            job = self.pick(JOBS)
            work = f"used to work as {lx.article(job)} {job}"
        hobby, hobby2 = self.rng.sample(HOBBIES, 2)
        home = self.pick(HOMES)
        partner = "husband" if hero.gender == "f" else "wife"
        companion = self.pick(
            ["cat", "dog", "two cats", "old dog", "parrot", "family", "sister", partner]
        )
        with_whom = self.pick([".", f" with {his} {companion}."])
        how_often = self.pick(["", "also ", "sometimes "])
        dislike = self.pick(DISLIKES)
        when, habit = (
            self.pick(["morning", "day", "evening", "week"]),
            self.pick(HABITS),
        )
        sentences = [
            f"{hero.name} is {age} years old and {work} in {values['town']}.",
            f"{values['He']} lives in {home}{with_whom}",
            f"{values['He']} loves {hobby} and {how_often}enjoys {hobby2}.",
            f"{values['He']} cannot stand {dislike}.",
            self.fill(f"Every {when}, {he} {habit}.", values),
        ]
        self.rng.shuffle(
            sentences[1:]
        )  # shuffles a copy: the order stays, the draws count
        sentences = sentences[: self.rng.randrange(3, 6)]
        self.maybe_quote(sentences, 0.3, hero)
        return " ".join(sentences)

    def timeline(self):
        """A day in someone's life, hour by hour."""
        hero = self.g.new_person()
        values = self.slots(hero)
        lines = [
            self.pick(
                [
                    f"A day in the life of {hero.name}.",
                    f"{hero.name}'s {values['day']}.",
                    f"How {hero.name} spends a {values['day']}.",
                ]
            )
        ]
        for times, activities in DAY_PARTS:
            if self.chance(0.75):
                when, what = self.pick(times), self.pick(activities)
                lines.append(self.fill(f"At {when}, {values['he']} {what}.", values))
        return lines[0] + "\n" + " ".join(capitalise(x) for x in lines[1:])

    def notice(self):
        """A small ad, a lost-and-found note or an event announcement."""
        values = self.slots()
        kind = self.rng.randrange(3)
        phone = f"{self.rng.randrange(100, 1000)} {self.rng.randrange(1000, 10000)}"
        if kind == 0:
            item = self.fill(self.pick(FOR_SALE), values)
            price = self.pick(
                [
                    f"{self.rng.randrange(2, 90)} euros",
                    f"{self.rng.randrange(2, 90)} dollars",
                    "free to a good home",
                    "best offer",
                ]
            )
            return self.fill(
                f"For sale: {item}. {{Price|Asking}}: {price}. "
                f"{{Call|Phone|Ring}} {values['A']} on {phone} "
                "{after six|in the evening|any time}.",
                values,
            )
        if kind == 1:
            found = self.pick(["Found", "Lost"])
            where = self.pick(LOST_FOUND)
            thanks = self.pick(["", " Reward offered.", " Thank you!"])
            return self.fill(
                f"{found}: {where} on {values['day']}. "
                "{If it is yours|If you have seen it|Please help}, "
                f"{{call|contact}} {values['A']} on {phone}.{thanks}",
                values,
            )
        event = self.pick(EVENTS)
        place, date = self.pick(EVENT_PLACES), self.rng.randrange(1, 29)
        start, ticket = self.pick(CLOCK[5:12]), self.rng.randrange(2, 15)
        return self.fill(
            f"{{Come to|Join us for|Don't miss}} {event} at {place} on "
            f"{values['day']}, {date} {values['month']}, from {start}. "
            f"{{Everyone is welcome|Entry is free|Tickets cost {ticket} euros}}. "
            "{Bring a friend|Bring something to share"
            "|Children must come with an adult}.",
            values,
        )

    def anecdote(self):
        """A short paragraph around one saying (to place the sayings not used yet)."""
        hero = self.g.new_person()
        sentences = self.grammar_sentences(
            self.rng.randrange(2, 4), cast=[hero], tense="past"
        )
        sentences.append(self.quote(hero))
        return " ".join(sentences)

    def linked(self, sentence):
        """Start a narrative sentence with a connective.

        Example: 'He laughed.' -> 'Then he laughed.'
        """
        first, _, rest = sentence.partition(" ")
        if first not in LOWERABLE or sentence.startswith('"'):
            return sentence
        return f"{self.pick(CONNECTIVES)} {first.lower()} {rest}"

    def paragraphs(self, sentences):
        """Join sentences; a long document sometimes breaks into lines (never blank)."""
        if len(sentences) > 6 and self.chance(0.4):
            cut = len(sentences) // 2
            return " ".join(sentences[:cut]) + "\n" + " ".join(sentences[cut:])
        return " ".join(sentences)

    def document(self):
        kinds = [
            (self.story, 20),
            (self.diary, 8),
            (self.place, 6),
            (self.review, 16),
            (self.dialogue, 5),
            (self.note, 5),
            (self.item_list, 4),
            (self.recipe, 2),
            (self.news, 5),
            (self.real_facts, 2),
            (self.invented_entry, 4),
            (self.questions, 3),
            (self.labeled_reviews, 4),
            (self.profile, 9),
            (self.timeline, 4),
            (self.notice, 5),
        ]
        total = sum(w for _, w in kinds)
        roll = self.rng.random() * total
        for make, weight in kinds:
            roll -= weight
            if roll < 0:
                return make()
        return kinds[0][0]()


def saying_schedule(rng):
    """How often each saying appears per split, as lists with repeats.

    Example: saying_schedule(random.Random(1)) -> {'train': [...], 'valid': [...]}

    Train sayings appear 3 to 8 times in train (the spilled-milk one exactly
    SPILLED_MILK_TRAIN times); a few appear once in valid too. Held-out sayings appear
    only in valid (one or two times) or, for about a third of them, nowhere.
    """
    heldout = set(pv.heldout_list())
    train, valid = [], []
    for saying in pv.saying_list():
        if saying in heldout:
            if chance(rng, 0.67):
                valid += [saying] * rng.randrange(1, 3)
        else:
            count = (
                SPILLED_MILK_TRAIN if "spilled milk" in saying else rng.randrange(3, 9)
            )
            train += [saying] * count
            if chance(rng, 0.2):
                valid.append(saying)
    rng.shuffle(train)
    rng.shuffle(valid)
    return {"train": train, "valid": valid}


def build_corpus(seed=0, target_bytes=TARGET_BYTES):
    """Generate (train_documents, valid_documents). Same seed, same documents."""
    writer = CorpusWriter(seed)
    schedule = saying_schedule(random.Random(seed + 1))
    queues = {"train": schedule["train"], "valid": schedule["valid"]}
    split_rng = random.Random(seed + 2)
    docs = {"train": [], "valid": []}
    size = 0
    quote_rate = {
        "train": len(queues["train"]) / (target_bytes / 700),
        "valid": len(queues["valid"]) / (VALID_SHARE * target_bytes / 700),
    }
    while size < target_bytes:
        split = "valid" if chance(split_rng, VALID_SHARE) else "train"
        writer.quote_queue = (
            queues[split] if writer.chance(quote_rate[split] * 1.6) else []
        )
        doc = writer.document().strip()
        docs[split].append(doc)
        size += len(doc.encode("utf-8")) + 2
    for split in (
        "train",
        "valid",
    ):  # place any sayings not used yet, each in a short anecdote
        writer.quote_queue = queues[split]
        while writer.quote_queue:
            position = split_rng.randrange(len(docs[split]) + 1)
            docs[split].insert(position, writer.anecdote())
    return docs["train"], docs["valid"]


def build_review_site(seed, target_bytes=REVIEW_SITE_BYTES):
    """Pages of a review website: reviews (some with a title, a star rating or an
    overall verdict), short reviews of one or two opinions and a rating, and pages that
    list reviews with their sentiment, as web pages do. Unlabeled text only.

    The foundation model pretrains on it together with corpus/train.txt, so it meets
    opinions about as often as a crawl of the web would (the main corpus has under a
    thousand reviews); lessons 01-05 do not use it.

    Example: build_review_site(0, 2_000)[0] -> 'We ate at ...'
    """
    writer = CorpusWriter(seed)

    def page():
        roll = writer.rng.random()
        if roll < 0.1:
            return writer.labeled_reviews().strip()
        if roll < 0.1 + SHORT_REVIEW_SHARE:
            return writer.short_review().strip()
        return writer.review(polar_titles=True).strip()

    return documents_until(target_bytes, page)
