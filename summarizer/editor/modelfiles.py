"""The names of the files in a model folder: defined here once (those that tell a model folder from any other,
in `posts.trained`), read by the engines, the trainer and the card."""

from summarizer.posts.trained import STARTED_FILE, STATE_FILE, TRAINING_FILE  # noqa: F401 (names of a model folder)

WEIGHTS_FILE = "model.safetensors"  # the condense stage's weights (safetensors)
CONFIG_FILE = "config.json"  # the condense stage's configuration (Hugging Face config.json)
VOCAB_FILE = "vocab.json"  # the condense stage's Kiwi-morpheme vocabulary
SALIENCE_FILE = "salience.json"  # the select stage's sentence-salience weights
CARD_FILE = "README.md"  # the model card
FRAMES_FILE = "frames.json"  # the site's topic-statement frames, and where it uses them (summarizer.text.frames)

STATE_WEIGHTS = "trainer_state.safetensors"  # a stopped condense fit's weights, resumed (with STATE_FILE)

CONDENSE_FILES = (CONFIG_FILE, WEIGHTS_FILE, VOCAB_FILE)  # a folder with these holds a condense model
