"""The names of the files in a model folder: defined here once, read by the engines, the trainer and the card."""

WEIGHTS_FILE = "model.safetensors"  # the condense stage's weights (safetensors)
CONFIG_FILE = "config.json"  # the condense stage's configuration (Hugging Face config.json)
VOCAB_FILE = "vocab.json"  # the condense stage's Kiwi-morpheme vocabulary
SALIENCE_FILE = "salience.json"  # the select stage's sentence-salience weights
TRAINING_FILE = "training.json"  # the training record: data, command, settings and scores
CARD_FILE = "README.md"  # the model card
FRAMES_FILE = "frames.json"  # the site's topic-statement frames, and where it uses them (summarizer.text.frames)

STATE_FILE, STATE_WEIGHTS = "trainer_state.json", "trainer_state.safetensors"  # a stopped condense fit, resumed

CONDENSE_FILES = (CONFIG_FILE, WEIGHTS_FILE, VOCAB_FILE)  # a folder with these holds a condense model
