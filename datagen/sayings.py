"""Common English proverbs and sayings, and the everyday frames that quote them.

Handles: the list of sayings (written from common knowledge, not copied from a book),
which ones are held out of the training split, and sentences that quote a saying
("As my grandmother used to say, ...").
Leaves out: quotations attributable to a known author or text (Shakespeare, the
Bible...), and sayings that are unkind or unsafe for a classroom.
"""

# One saying per line, lowercase except proper nouns, no final full stop.
SAYINGS = """there is no use crying over spilled milk
the early bird catches the worm
actions speak louder than words
a stitch in time saves nine
don't count your chickens before they hatch
every cloud has a silver lining
look before you leap
better late than never
practice makes perfect
honesty is the best policy
two heads are better than one
too many cooks spoil the broth
many hands make light work
where there's smoke, there's fire
the pen is mightier than the sword
an apple a day keeps the doctor away
don't judge a book by its cover
birds of a feather flock together
when in Rome, do as the Romans do
Rome wasn't built in a day
all that glitters is not gold
beggars can't be choosers
curiosity killed the cat
don't put all your eggs in one basket
easy come, easy go
fortune favors the bold
great minds think alike
haste makes waste
if it isn't broken, don't fix it
it takes two to tango
laughter is the best medicine
the grass is always greener on the other side of the fence
a picture is worth a thousand words
a penny saved is a penny earned
absence makes the heart grow fonder
all good things must come to an end
an ounce of prevention is worth a pound of cure
barking dogs seldom bite
beauty is in the eye of the beholder
better safe than sorry
a bird in the hand is worth two in the bush
blood is thicker than water
don't bite the hand that feeds you
we'll cross that bridge when we come to it
you can't have your cake and eat it too
every dog has its day
familiarity breeds contempt
good things come to those who wait
half a loaf is better than none
he who laughs last laughs best
home is where the heart is
if at first you don't succeed, try, try again
ignorance is bliss
it's too late to shut the stable door after the horse has bolted
knowledge is power
let sleeping dogs lie
lightning never strikes twice in the same place
make hay while the sun shines
money doesn't grow on trees
necessity is the mother of invention
no news is good news
no pain, no gain
old habits die hard
once bitten, twice shy
one man's trash is another man's treasure
out of sight, out of mind
patience is a virtue
people who live in glass houses shouldn't throw stones
practice what you preach
slow and steady wins the race
still waters run deep
strike while the iron is hot
the apple doesn't fall far from the tree
the best things in life are free
the customer is always right
the devil is in the details
the squeaky wheel gets the grease
there's no place like home
there's no such thing as a free lunch
time flies when you're having fun
time is money
time heals all wounds
tomorrow is another day
two wrongs don't make a right
variety is the spice of life
waste not, want not
well begun is half done
what goes around comes around
when it rains, it pours
where there's a will, there's a way
you can lead a horse to water, but you can't make it drink
you can't teach an old dog new tricks
you reap what you sow
a watched pot never boils
a chain is only as strong as its weakest link
a friend in need is a friend indeed
a fool and his money are soon parted
a journey of a thousand miles begins with a single step
a leopard can't change its spots
a rolling stone gathers no moss
all's well that ends well
empty vessels make the most noise
any port in a storm
you made your bed, now you must lie in it
better the devil you know than the devil you don't
don't bite off more than you can chew
charity begins at home
discretion is the better part of valor
don't look a gift horse in the mouth
don't throw the baby out with the bathwater
early to bed and early to rise makes a man healthy, wealthy, and wise
every rose has its thorn
first come, first served
fools rush in where angels fear to tread
give credit where credit is due
great oaks from little acorns grow
hope for the best and prepare for the worst
if you want something done right, do it yourself
it's the thought that counts
it's never too late to learn
a jack of all trades is a master of none
keep your friends close and your enemies closer
kill two birds with one stone
learn to walk before you run
less is more
life is what you make it
little strokes fell great oaks
always look on the bright side
misery loves company
make new friends but keep the old
one good turn deserves another
opportunity knocks but once
out of the frying pan and into the fire
the proof of the pudding is in the eating
rules are made to be broken
seeing is believing
silence is golden
the bigger they are, the harder they fall
the more, the merrier
the truth will come out
things are not always what they seem
you can have too much of a good thing
united we stand, divided we fall
what's done is done
what you see is what you get
when the cat's away, the mice will play
you win some, you lose some
you only live once
you are what you eat
you can't please everyone
the best defense is a good offense
the first step is always the hardest
don't make a mountain out of a molehill
don't put off until tomorrow what you can do today
every little bit helps
you never get a second chance to make a first impression
a problem shared is a problem halved
a good beginning makes a good ending
all roads lead to Rome
idle hands are the devil's workshop
good things come in small packages
it is better to light a candle than to curse the darkness
don't wash your dirty laundry in public
feed a cold, starve a fever
forgive and forget
from small beginnings come great things
hindsight is always twenty-twenty
if the shoe fits, wear it
it's better to give than to receive
it's an ill wind that blows nobody any good
let bygones be bygones
look after the pennies and the pounds will look after themselves
love is blind
many a true word is spoken in jest
moderation in all things
never say never
no man is an island
nothing is certain but death and taxes
one swallow does not make a summer
prevention is better than cure
pride comes before a fall
red sky at night, sailor's delight
revenge is a dish best served cold
speak of the devil and he shall appear
the darkest hour is just before the dawn
the only constant in life is change
there's a first time for everything
there's no time like the present
time and tide wait for no man
walls have ears
when one door closes, another one opens
you catch more flies with honey than with vinegar
you can't make an omelette without breaking eggs
if you can't beat them, join them
it's not over until it's over
you snooze, you lose
a bad workman always blames his tools
beauty is only skin deep
do as I say, not as I do
don't sweat the small stuff
good fences make good neighbors
there are plenty of fish in the sea
easier said than done
a new broom sweeps clean
a change is as good as a rest
a cat has nine lives
an army marches on its stomach
all is fair in love and war
the way to a man's heart is through his stomach
all work and no play makes Jack a dull boy
don't throw good money after bad
measure twice, cut once
you are known by the company you keep
the more things change, the more they stay the same
a word to the wise is enough
a closed mouth catches no flies
cut your coat according to your cloth
don't change horses in midstream
if wishes were horses, beggars would ride
it's a small world
it takes all sorts to make a world
put your best foot forward
sticks and stones may break my bones, but words will never hurt me
the shoemaker's children go barefoot
you can't have it both ways
tomorrow never comes
the night is darkest just before the dawn
don't cry before you are hurt
a smooth sea never made a skilled sailor
a kind word warms three winter months"""

# The held-out sayings (about 10%) never appear in the training split of the corpus.
# Chosen by hand so that both famous and less famous sayings are tested.
HELDOUT = """a stitch in time saves nine
birds of a feather flock together
a penny saved is a penny earned
lightning never strikes twice in the same place
still waters run deep
a watched pot never boils
a rolling stone gathers no moss
every rose has its thorn
great oaks from little acorns grow
opportunity knocks but once
the proof of the pudding is in the eating
one swallow does not make a summer
walls have ears
a bad workman always blames his tools
a new broom sweeps clean
measure twice, cut once
cut your coat according to your cloth
don't change horses in midstream
the shoemaker's children go barefoot
a smooth sea never made a skilled sailor
a kind word warms three winter months
fools rush in where angels fear to tread
little strokes fell great oaks"""

# Frames that quote a saying. {s} is the saying, lowercase; {S} capitalised; {who} a
# speaker.
QUOTE_FRAMES = [
    "As my grandmother used to say, {s}.",
    "As my grandfather always said, {s}.",
    "My mother has a saying for days like this: {s}.",
    '{who} smiled and said, "{S}."',
    '{who} shrugged. "Well, {s}," {pron} said.',
    '"{S}," {who} reminded us.',
    "They say that {s}, and today I believe it.",
    "I keep telling myself that {s}.",
    "It is an old saying, but it is true: {s}.",
    'Our teacher wrote on the board: "{S}."',
    "In the end, {s}.",
    "{S}, as the saying goes.",
    "{S}, or so people say.",
    "The old saying is right: {s}.",
    "{who} always says that {s}.",
    "My father never gets tired of reminding me that {s}.",
    'There is a sign above the door of the shop that reads "{S}."',
    '"Remember," said {who}, "{s}."',
    "I learned the hard way that {s}.",
    "Sometimes I think that {s}.",
    "People in our village like to say that {s}.",
    'Whenever something goes wrong, my aunt says, "{S}."',
    "You know what they say: {s}.",
    '{who} laughed. "{S}!"',
]


def saying_list():
    """All sayings, in the order written above.

    Example: saying_list()[0] -> 'there is no use crying over spilled milk'
    """
    return [line.strip() for line in SAYINGS.strip().splitlines() if line.strip()]


def heldout_list():
    """The sayings kept out of the training split, in the order written above."""
    heldout = [line.strip() for line in HELDOUT.strip().splitlines() if line.strip()]
    unknown = [s for s in heldout if s not in saying_list()]
    if unknown:
        raise ValueError(f"held-out sayings missing from SAYINGS: {unknown}")
    return heldout
