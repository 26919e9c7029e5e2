"""`summarizer train` as a plan of steps: load the parts, fit on the older posts, choose the settings and decide
what the site's posts get on its latest posts (switching off every learned part that loses to what it replaces
there: `summarizer.training.decide`), validate, keep a copy, fit again on everything, record and report. Each
post is analysed once per run, and Kiwi's analyses are kept on disk across runs
(`summarizer.text.kiwi.analysis_cache`)."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from summarizer import engines as registry
from summarizer.app.outputs import STARTED_FILE, finish_model_folder, start_model_folder
from summarizer.posts.postfile import EXCERPT_FIELD
from summarizer.posts.unicode import shown_line
from summarizer.text.kiwi import analysis_cache
from summarizer.training.choose import apply_settings, choose_settings
from summarizer.training.condense import CondenseOptions, train_condense_stage
from summarizer.training.data import LATEST_FRACTION, Part, Split, load_split, post_date
from summarizer.training.decide import Decisions, run_decisions
from summarizer.training.record import Choice, CondenseFit, PostCounts, TrainingRecord
from summarizer.training.select import train_select_stage
from summarizer.training.topics import learn_frames, write_frames

# Scored on the validation parts: the registry's engines that need no optional package.
ENGINES = [name for name in registry.names(aliases=False) if not registry.engine_class(name).requires]


def log(message: str) -> None:
    """A line of the training report on stderr (a category or title from a post is shown escaped)."""
    print("".join(shown_line(line) for line in message.splitlines(keepends=True)), file=sys.stderr, flush=True)


@dataclass
class TrainingJob:
    """What one `summarizer train` run was asked to do, and what it has found so far."""

    paths: list[Path]
    output: Path
    opts: CondenseOptions
    base: str | None = None  # an editor to start from
    command: str = ""
    select_only: bool = False  # keep the editor in `output` (and its record); fit the select stage only
    summary_field: str = EXCERPT_FIELD  # the front-matter field the summaries are read from
    holdout: tuple[str, ...] = ()
    dev_categories: tuple[str, ...] = ()
    source: str = ""
    val_fraction: float = LATEST_FRACTION
    leave_out: Callable[[Path, str, str], bool] | None = None  # summaries not to learn from (summarizer's own)
    began: float = field(default_factory=time.perf_counter)
    previous: TrainingRecord = field(default_factory=TrainingRecord)  # the kept editor's record (select_only)
    split: Split | None = None
    condense: CondenseFit = field(default_factory=CondenseFit)
    choice: Choice = field(default_factory=Choice)
    scores: dict[str, list[dict]] = field(default_factory=dict)
    final: int = 0  # posts of the final fit
    frames: object = None  # the FrameModel learned (summarizer.text.frames)
    decisions: Decisions = field(default_factory=Decisions)  # what the latest posts decided

    def load(self) -> None:
        """The posts in five parts (each analysed by Kiwi once); the kept editor's record."""
        split = self.split = load_split(
            self.paths,
            self.summary_field,
            self.val_fraction,
            holdout=self.holdout,
            dev_categories=self.dev_categories,
            leave_out=self.leave_out,
        )
        filters = ", ".join(f"{n} {k}" for k, n in split.filtered.items())
        log(
            f"{len(split.train.docs)} training, {len(split.dev.docs)} development-category, {len(split.val_date.docs)} "
            f"latest ({' to '.join(split.val_date.dates())}: every choice is made on them) and "
            f"{len(split.val_held_out.docs)} held-out-category posts (posts by filter: {filters})"
        )
        start_model_folder(self.output, self.command)  # checked again: minutes have passed
        if self.select_only:
            self.previous = TrainingRecord.load(self.output)
            self.condense = self.previous.condense
            self.decisions = self.previous.decisions  # the kept editor's: what its latest posts decided

    def fit(self, parts: list[Part]) -> None:
        """The select stage, then (unless it is kept) the condense stage on the select stage's ranking."""
        from summarizer.engines.select import SelectEngine

        docs = [d for part in parts for d in part.docs]
        targets = [t for part in parts for t in part.targets]
        train_select_stage(docs, targets, self.output, log=log)
        if not self.select_only:
            select = SelectEngine(self.output, position_prior=1.0)
            self.condense = train_condense_stage(
                docs, [select.rank(d) for d in docs], targets, self.output, self.opts, self.base, log=log
            )

    def topics(self, final: bool = False) -> None:
        """Frames from the summaries of the posts fitted on (every post for the final fit, which keeps the
        decisions made on the latest posts); until those decisions, every post gets a digest."""
        summarized = self.split.summarized  # short summaries included (the split's parts leave them out)
        if final:
            use, rest = self.decisions.use, self.decisions.rest
            self.frames = learn_frames(summarized, self.output, use=use, rest=rest, log=log)
        else:
            until = (self.split.val_date.dates() or [None])[0]
            earlier = [ex for ex in summarized if until is None or post_date(ex) < until]
            kept = self.select_only  # the kept editor's decisions stand; a new one decides on the latest posts
            use, rest = (self.decisions.use, self.decisions.rest) if kept else ({}, {})
            self.frames = learn_frames(earlier, self.output, use=use, rest=rest, log=log)

    def choose(self) -> None:
        """Settings chosen on the latest posts (and development categories, if any), for the digest."""
        median = int(sorted(len(t) for t in self.split.train.targets)[len(self.split.train.targets) // 2])
        self.choice = choose_settings(self.output, [self.split.dev, self.split.val_date], median, log=log)

    def decide(self) -> None:
        """What the site's posts get (voice, digest or lead, statement), decided on the latest posts; written
        into the model folder."""
        self.decisions = run_decisions(self.output, self.split.val_date, self.split.summarized, log=log)
        self.apply_decisions()

    def apply_decisions(self) -> None:
        from summarizer.editor.configuration import EditorConfig

        write_frames(self.output, self.frames, self.decisions.use, self.decisions.rest)
        config = EditorConfig.load(self.output)
        config.voices = dict(self.decisions.voices)
        config.save(self.output)

    def validate(self) -> None:
        """Every engine scored on the latest posts and on the held-out categories."""
        from summarizer.evaluation.evaluate import evaluate

        for name, part in (("date", self.split.val_date), ("held_out", self.split.val_held_out)):
            if part.examples:
                log(f"scoring every engine on the {name} split ({len(part.examples)} posts)")
                rows, _ = evaluate(part.examples, ENGINES, model=str(self.output))
                self.scores[name] = [row.__dict__ for row in rows]

    def refit(self) -> None:
        """Both stages (the select stage only, with a kept editor) fit again on every post, with the chosen
        settings: the model written is the one fit on all the data."""
        everything = self.split.parts()
        self.final = sum(len(p.docs) for p in everything)
        log(
            f"final fit of {'the select stage' if self.select_only else 'both stages'} on all {self.final} posts "
            "with the chosen settings"
        )
        self.fit(everything)
        apply_settings(self.output, self.choice.chosen)
        self.topics(final=True)
        self.apply_decisions()

    def record(self) -> TrainingRecord:
        split, previous = self.split, self.previous
        return TrainingRecord(
            paths=[str(p) for p in self.paths],
            source=self.source or previous.source,
            command=previous.command if self.select_only else self.command,
            select_command=self.command if self.select_only else None,
            field=self.summary_field,
            holdout=list(self.holdout),
            dev_categories=list(self.dev_categories),
            minutes=round((time.perf_counter() - self.began) / 60, 1),
            condense=self.condense,
            options=asdict(self.opts),
            base=self.base,
            filtered=dict(split.filtered),
            posts=PostCounts(
                train=len(split.train.docs),
                dev=len(split.dev.docs),
                final=self.final,
                date=len(split.val_date.docs),
                held_out=len(split.val_held_out.docs),
            ),
            val_dates=split.val_date.dates(),
            settings=self.choice,
            decisions=self.decisions,
            scores=self.scores.get("date", []),
            scores_held_out=self.scores.get("held_out", []),
        )


def run_training(
    paths: list[Path],
    output: Path,
    opts: CondenseOptions | None = None,
    base: str | None = None,
    command: str = "",
    select_only: bool = False,
    field: str = EXCERPT_FIELD,
    holdout: tuple[str, ...] = (),
    dev_categories: tuple[str, ...] = (),
    source: str = "",
    final_fit: bool = True,
    keep_validation: Path | None = None,
    val_fraction: float = LATEST_FRACTION,
    leave_out: Callable[[Path, str, str], bool] | None = None,
) -> TrainingRecord:
    """The whole `summarizer train` job: fit both stages on the older posts, choose the settings and decide what
    the posts get on the site's latest posts (every learned part that loses to what it replaces there is
    switched off), score every engine on the latest posts and the held-out categories, then (`final_fit`) fit both
    stages again on every post with the chosen settings and decisions: the model written is the one fit on all
    the data. With `select_only`, the editor in `output` is kept. `keep_validation`: a folder that receives a
    copy of the model the scores were measured on; `leave_out(path, field, text)`: summaries not to learn from
    (those summarizer wrote, see `summarizer.app.sites`)."""
    from summarizer.training.modelcard import write_card

    job = TrainingJob(
        paths,
        output,
        opts or CondenseOptions(),
        base,
        command,
        select_only,
        field,
        holdout,
        dev_categories,
        source,
        val_fraction,
        leave_out,
    )
    with analysis_cache() as cache:
        job.load()
        job.fit([job.split.train])
        job.topics()
        job.choose()
        if not select_only:
            job.decide()
        job.validate()
        if keep_validation is not None:
            shutil.copytree(output, keep_validation, dirs_exist_ok=True, ignore=shutil.ignore_patterns(STARTED_FILE))
        if final_fit:
            job.refit()
        log(
            f"Kiwi: {cache.analysed} texts analysed, {cache.from_disk} read from the cache"
            + (f" ({cache.corrupt} unreadable entries analysed again)" if cache.corrupt else "")
            + f"; derived values: {cache.computed} computed, {cache.derived_from_disk} read from the cache"
        )
    record = job.record()
    record.save(output)
    write_card(output, record)
    finish_model_folder(output)
    return record
