"""Korean post summarizer: writes a summary into the front matter of Jekyll and Hugo posts.

`__version__` moves with every user-visible change (a new flag or setting, a changed default or message): the
README's pre-commit snippet pins `rev: v<__version__>` (a test keeps them equal), and a config key newer than the
installed version asks for an update (see `summarizer.app.config.KEY_VERSIONS`)."""

__version__ = "0.3.1"
