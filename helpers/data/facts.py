"""True facts about the real world, and question-answer pairs drawn from them.

Handles: short, checkable statements a child's encyclopedia would make, each written here
by hand; questions with one-word or short answers for the Q&A documents.
Leaves out: anything disputed, dated or numeric beyond common school knowledge.
Invented places and creatures live in corpus.py and are clearly fictional there.
"""

REAL_FACTS = """Water boils at 100 degrees Celsius at sea level.
Water freezes at 0 degrees Celsius.
The Earth goes around the Sun once a year.
The Moon goes around the Earth about once a month.
A week has seven days.
A leap year has 366 days instead of 365.
The Pacific is the largest ocean on Earth.
Spiders have eight legs.
Insects have six legs.
Bees make honey from the nectar of flowers.
Plants need sunlight, water and air to grow.
The heart pumps blood around the body.
An adult human skeleton usually has 206 bones.
The Sun is a star.
Mount Everest is the highest mountain above sea level.
Penguins are birds, but they cannot fly.
Bats are mammals that can fly.
Whales are mammals, not fish.
A triangle has three sides.
A square has four equal sides.
There are sixty minutes in an hour.
There are twenty-four hours in a day.
Light travels much faster than sound, so we see lightning before we hear thunder.
Ice floats on water.
Paris is the capital of France.
Tokyo is the capital of Japan.
Rome is the capital of Italy.
Madrid is the capital of Spain.
Berlin is the capital of Germany.
Cairo is the capital of Egypt.
Ottawa is the capital of Canada.
Canberra is the capital of Australia.
Nairobi is the capital of Kenya.
Lima is the capital of Peru.
Plants take in carbon dioxide and give off oxygen.
Iron rusts when it is left in damp air.
A rainbow appears when sunlight passes through raindrops.
Cows eat grass.
Frogs begin their lives as tadpoles.
Caterpillars turn into butterflies or moths.
Most owls hunt at night.
Camels can go for days without drinking.
Dogs have a very good sense of smell.
Chocolate is made from cocoa beans.
Bread is usually made from flour, water, salt and yeast.
Cheese is made from milk.
Snow is made of tiny ice crystals.
Sound cannot travel through empty space.
Mars is often called the red planet.
Jupiter is the largest planet in our solar system.
Mercury is the planet closest to the Sun.
The Sahara is a large desert in northern Africa.
Antarctica is the coldest continent.
Most maps show seven continents.
A standard piano has 88 keys.
A violin has four strings.
A dozen means twelve.
A century is one hundred years.
The English alphabet has 26 letters.
Salt water freezes at a lower temperature than fresh water.
The Moon does not make its own light; it reflects light from the Sun.
The Earth spins around once a day.
Magnets attract iron.
Glass is made mostly from sand.
Most paper is made from wood.
Wool comes from sheep.
Octopuses have eight arms.
Sharks are fish.
Giraffes are the tallest land animals.
Elephants are the largest land animals.
The blue whale is the largest animal that has ever lived.
Cheetahs are the fastest land animals.
Spiders spin their webs from silk.
Kangaroos live in the wild in Australia.
Giant pandas eat mostly bamboo.
Polar bears live in the Arctic.
Most penguins live in the southern half of the world.
Sound travels faster in water than in air.
The human heart has four chambers.
Many trees lose their leaves in autumn.
A healthy adult has thirty-two teeth, counting the wisdom teeth.
Rain forms when water droplets in clouds grow heavy and fall.
The equator divides the Earth into a northern and a southern half.
Hot air rises because it is lighter than the cold air around it."""

# (question, answer) pairs; answers are short so a model can be asked to complete them.
QUESTIONS = """What is the capital of France?|Paris
What is the capital of Japan?|Tokyo
What is the capital of Italy?|Rome
What is the capital of Spain?|Madrid
What is the capital of Germany?|Berlin
What is the capital of Egypt?|Cairo
What is the capital of Canada?|Ottawa
What is the capital of Australia?|Canberra
What is the capital of Kenya?|Nairobi
What is the capital of Peru?|Lima
How many legs does a spider have?|Eight
How many legs does an insect have?|Six
How many days are there in a week?|Seven
How many minutes are there in an hour?|Sixty
How many hours are there in a day?|Twenty-four
How many sides does a triangle have?|Three
How many strings does a violin have?|Four
How many arms does an octopus have?|Eight
How many letters are there in the English alphabet?|Twenty-six
How many years are there in a century?|One hundred
What do bees make?|Honey
What is cheese made from?|Milk
What is chocolate made from?|Cocoa beans
What do cows eat?|Grass
What do giant pandas eat?|Mostly bamboo
Where do polar bears live?|In the Arctic
Which planet is called the red planet?|Mars
Which is the largest planet in our solar system?|Jupiter
Which planet is closest to the Sun?|Mercury
Which is the largest ocean on Earth?|The Pacific
Which is the coldest continent?|Antarctica
Which is the tallest land animal?|The giraffe
Which is the fastest land animal?|The cheetah
What is the largest animal that has ever lived?|The blue whale
At what temperature does water boil at sea level?|100 degrees Celsius
At what temperature does water freeze?|0 degrees Celsius
What does a caterpillar turn into?|A butterfly or a moth
What do frogs start their lives as?|Tadpoles
Is the Sun a star or a planet?|A star
Can penguins fly?|No
Are whales fish?|No, they are mammals
Which comes first, lightning or thunder?|We see the lightning first
What does a magnet attract?|Iron
What is glass made from?|Mostly sand
Where does wool come from?|From sheep
How many keys does a standard piano have?|Eighty-eight
How many bones does an adult human usually have?|206
Does ice sink or float in water?|It floats"""


def real_facts():
    """The facts, one sentence each. Example: real_facts()[0] -> 'Water boils at 100 degrees Celsius at sea level.'"""
    return [line.strip() for line in REAL_FACTS.strip().splitlines()]


def questions():
    """[(question, answer)]. Example: questions()[0] -> ('What is the capital of France?', 'Paris')"""
    return [tuple(line.strip().split("|")) for line in QUESTIONS.strip().splitlines()]
