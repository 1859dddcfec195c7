"""True facts about the real world, for the corpus's pages of facts.

Handles: short, checkable statements a child's encyclopedia would make, each written
here by hand. The question-answer pairs drawn from them live in helpers.data
(`questions`), because lesson 06 asks them of the foundation model; the corpus's Q&A
pages read them there.
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


def real_facts():
    """The facts, one sentence each.

    Example: real_facts()[0] -> 'Water boils at 100 degrees Celsius at sea level.'
    """
    return [line.strip() for line in REAL_FACTS.strip().splitlines()]
