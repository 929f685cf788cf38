"""The classroom's scenarios, presets and the model the teaching page and the classroom file show.

One phenomenon, as in NetLogo's models library: a new practice (a tool or a method) that a
handful of experts in one team know and nobody else (:mod:`sim.mechanisms.practice`). Without
a programme it creeps along everyday ties and stalls at team borders; a mentoring programme
gives it bridges. "Experts retire" asks whether the know-how survives them.

The organisation is small enough to see (150 people in teams of about eight under 16 managers
and two directors); the weeks are the model's. The contrast the presets promise is measured
(``tests/teaching/test_classroom.py``: over seeds, the programme side ahead after two years).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.config import with_overrides
from sim.mechanisms import practice
from sim.mechanisms.designs import DESIGNS
from sim.model import MentoringModel

#: What the page, the classroom file and the slides call the practice's skill.
PRACTICE = "the new practice"
SHARE_LABEL = "share who know the new practice"
#: What reaching ``practice.knows_at`` means, on the colour scales.
KNOWS_IT = "knows it"

#: The classroom's organisation and the new-practice scenario (the page's defaults).
CLASSROOM: dict[str, Any] = {
    "org.n_employees": 150,
    "org.levels": 3,
    "org.span_of_control": 8.0,
    "practice.experts": 5,
    "program.design": "none",
    "matching.strategy": "random",
    "program.meetings_per_month": 2.0,
    "program.mentor_capacity": 2,
    "turnover.rate_annual": 0.12,
    "turnover.quit_share": 1.0,  # one kind of leaver, simple to explain: everyone who leaves quits
    "turnover.retirement_share": 0.0,
    "support.protected_hours_per_month": 0.0,
    "practice.experts_leave_week": -1,
    "seed": 0,
}

#: The scenarios, by name: their settings over :data:`CLASSROOM`.
SCENARIOS: dict[str, dict[str, Any]] = {
    "A new practice": {},
    "Experts retire": {"practice.experts_leave_week": 52},
}

#: How many weeks the page and the classroom file run by default: two years.
WEEKS = 104


@dataclass(frozen=True)
class Preset:
    """A "thing to try": settings, the design to compare with, and what to predict first."""

    title: str
    predict: str
    settings: dict[str, Any] = field(default_factory=dict)
    compare_with: str = "peer"
    side_by_side: bool = True


PRESETS: tuple[Preset, ...] = (
    Preset(
        "No programme vs peer mentoring",
        "Predict: after two years, how many people will know the practice with no programme? With peer mentoring?",
        {"program.design": "none"},
        compare_with="peer",
    ),
    Preset(
        "No programme, one organisation",
        "Predict: will the practice leave the experts' team without a programme? Which teams get it first?",
        {"program.design": "none"},
        side_by_side=False,
    ),
    Preset(
        "The experts retire after a year",
        "Predict: when the five experts leave at week 52, does the practice survive them? With or without a programme?",
        {"program.design": "none", "practice.experts_leave_week": 52},
        compare_with="peer",
    ),
    Preset(
        "Peer circles vs one-to-one peers",
        "Predict: do small circles that meet as a group spread it further than pairs?",
        {"program.design": "peer_circles"},
        compare_with="peer",
    ),
    Preset(
        "Peer mentoring, half the meetings",
        "Predict: if pairs meet once a month instead of twice, how much slower does it spread?",
        {"program.design": "peer", "program.meetings_per_month": 1.0},
        compare_with="none",
    ),
)


#: The scenarios for the command line (``python -m sim.animate --scenario``).
SCENARIO_SLUGS: dict[str, str] = {"new-practice": "A new practice", "experts-retire": "Experts retire"}


def settings(scenario: str = "A new practice", **overrides: Any) -> dict[str, Any]:
    """The model's keyword settings for a scenario, with dotted-key overrides."""
    return {**CLASSROOM, **SCENARIOS[scenario], **overrides}


class ClassroomModel(MentoringModel):
    """A run as the classroom shows it: the model, plus the share who know the practice each week.

    ``MentoringModel(**settings)`` with a ``seed`` (or ``rng``) keyword; everything else as the model.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if "seed" in kwargs and "rng" not in kwargs:
            kwargs["rng"] = kwargs.pop("seed")
        super().__init__(*args, **kwargs)
        #: Share of people who know the new practice, week 0 first (sim.mechanisms.practice.share_knowing).
        self.practice_share: list[float] = [self.share_knowing()]

    @property
    def practice_skill(self) -> int | None:
        """The skill that is the new practice, or None without the scenario."""
        return practice.skill_of(self.config.practice, self.state.n_skills)

    def share_knowing(self) -> float:
        """Share of people who know the practice now."""
        return practice.share_knowing(self.state.tacit, self.config.practice)

    def step(self) -> None:
        """One week, then the share who know the practice."""
        super().step()
        self.practice_share.append(self.share_knowing())


def twin(model: ClassroomModel, design: str) -> ClassroomModel:
    """A new model of the same organisation and seed as ``model`` with another design (not stepped)."""
    return ClassroomModel(with_overrides(model.config, {"program.design": design}))


def rewind(model: ClassroomModel, week: int) -> ClassroomModel:
    """``model``'s run as it stood at ``week``: the same organisation and seed run again that far.

    A run is reproducible from its configuration, so this is the very state ``model`` had then.
    """
    again = ClassroomModel(model.config)
    again.run(week)
    return again


#: Know-how from which a person has picked up a little of the practice (what the first weeks count).
A_LITTLE = 0.01


def picked_up(model: ClassroomModel) -> int:
    """People who have picked up a little of the practice (at least :data:`A_LITTLE`) but do not know it yet."""
    know = model.state.tacit[:, model.practice_skill]
    return int(((know >= A_LITTLE) & (know < model.config.practice.knows_at)).sum())


def nothing_yet(models: list[ClassroomModel]) -> str | None:
    """Why the pictures do not change yet (Markdown), while nobody beyond the first experts knows the practice.

    None once someone new knows it in any of ``models`` (one run, or two side by side).
    """
    if any(max(m.practice_share) > m.practice_share[0] for m in models):
        return None
    counts = [picked_up(m) for m in models]
    so_far = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]} (left) and {counts[1]} (right)"
    return (
        "**Why does nothing change yet?** Each everyday conversation passes on only a sliver of the practice: "
        f"it takes many to reach {models[0].config.practice.knows_at:g} on the colour scale, where a person knows it. "
        f"People who have picked up a little so far: **{so_far}**."
    )


def design_words(design: str) -> str:
    """A design in plain words, capitalised: "Peer mentoring", "No programme"."""
    words = DESIGNS[design].label
    return words[:1].upper() + words[1:]


def title(model: ClassroomModel, narrow: bool = False) -> str:
    """A picture's title: design and week; the share who know the practice and the mentoring ties.

    ``narrow``: three short lines, for a small picture.
    """
    head = f"{design_words(model.config.program.design)} -- week {model.steps}"
    share, n, ties = f"{model.share_knowing():.0%}", model.state.n, len(model.ties)
    if narrow:
        return f"{head}\n{share} of {n} people know it\n{ties} mentoring ties"
    return f"{head}\n{share} of {n} people know {PRACTICE}; {ties} mentoring ties"


def prediction(design: str, compare_with: str | None, weeks: int = WEEKS) -> str:
    """The question to ask before playing: a preset's, where one matches, or one made for the designs."""
    for preset in PRESETS if weeks == WEEKS else ():  # the presets ask about two years
        chosen = preset.settings.get("program.design")
        if preset.settings.keys() <= {"program.design"} and chosen == design:
            if (preset.compare_with if preset.side_by_side else None) == compare_with:
                return preset.predict
    years = f"{weeks / 52:g} years" if weeks % 52 == 0 and weeks != 52 else f"{weeks} weeks"
    if compare_with is None:
        return f"Predict: after {years}, how many people will know the practice under {design_words(design).lower()}?"
    return (
        f"Predict: after {years}, how many people will know the practice under "
        f"{design_words(design).lower()}? Under {design_words(compare_with).lower()}?"
    )


#: How to use the page (the file says its own).
HOW_TO_USE_PAGE = """**Predict first, then run.** Pick one of the **Things to try** on the left (it sets the
controls and asks you a question), write down your prediction, then press **Play** (or
**Step** for one week). **Reset** rebuilds the organisation with the settings on the left."""

#: How to use the classroom file.
HOW_TO_USE_FILE = """**Predict first, then run.** Read the question at the top, write down your prediction,
then press **Play**. The slider moves to any week (drag it back to watch again); the speed
sets how many weeks pass each second. The run was computed in advance: every student sees
the same organisation."""

_INFO = """
### WHAT IS IT?
An organisation of {people} people in teams of about eight, each team with its manager. {experts}
people in one team know a **new practice** (a new tool or way of working); nobody else does.
Does it spread? Where does it stop? What does a mentoring programme change?

### HOW IT WORKS
Every step is one week. Colleagues who talk every day (the thin grey lines, mostly inside a
team; a manager also talks with each of their people, the dotted lines) pass on a little of
what they know. Mentoring pairs (thick orange lines) meet a few
times a month and pass on much more. Nobody can practise a method they have not yet begun
to learn: below a first grasp one learns it only from others; once begun, using it makes one
better. People also leave (about {turnover} in a hundred a year) and newcomers, ringed in red,
start knowing none of it.

### HOW TO USE IT
{how_to_use}
Colour shows how well each person knows the practice: dark = not at all, yellow = expert; from
{knows_at} on the colour scale (marked "knows it") a person counts as knowing it, as the chart does.
Squares are managers, size shows years in the organisation.

### THINGS TO NOTICE
- Without a programme the practice creeps from person to person inside the experts' team,
  then stalls at the team's border: a single conversation across teams rarely gets anyone started.
- Even without a programme a few managers turn yellow early: first the experts' own manager, then
  the two directors in the centre. Nobody teaches them: they have the most everyday contacts, about
  twice as many as most people. A manager talks with each of their own people and with other
  managers, so the experts' manager hears about the practice from every expert, week after week;
  the directors count an expert or two and more of the experts' team among their contacts. Many
  contacts who know it add up to a first grasp, and practice does the rest. Most people have one
  such contact at most, and stay dark.
- With a programme, orange ties reach across teams, and new yellow spots appear far from
  the experts: the practice jumps, then spreads inside each new team.
- The chart's line for the programme side pulls away from the other after a year or so.

### THINGS TO TRY
{things_to_try}

### WHAT YOU SEE, IN PLAIN WORDS
Know-how travels along relationships. Everyday ties are many but weak and mostly inside a
team; mentoring ties are few but strong and can cross teams. A practice that needs more than
one brief contact to get started spreads inside clusters and stalls between them unless
something builds bridges; people with many contacts, often managers, pick it up first. When the experts leave, what they knew survives only in the people
they already taught.

### EXTENDING THE MODEL
Change the number of experts, the turnover or the meetings, or run the same questions as a
sweep with many seeds: `python -m sim -m practice.experts=5 program.design=none,peer seed=range(0,20)`.

### CREDITS AND REFERENCES
The model and its sources: docs/model.md (the new practice is section 7.8a). Complex
contagion: Centola & Macy (2007), American Journal of Sociology 113(3). The page follows
NetLogo's Info tab (Wilensky 1999).
"""

THINGS_TO_TRY_PAGE = """Use the buttons on the left. Before each: what do you expect the share on the chart to be
after two years (104 weeks)?"""

THINGS_TO_TRY_FILE = """Ask your teacher for the file of another design, or, with Python, make one:
`python -m sim.animate --html peer_circles.html --design peer_circles --compare none`.
Before each: what do you expect the share on the chart to be at the end?"""


def info(model: MentoringModel, how_to_use: str = HOW_TO_USE_PAGE, things_to_try: str = THINGS_TO_TRY_PAGE) -> str:
    """The Info text (Markdown, NetLogo's headings) for ``model``'s organisation."""
    cfg = model.config
    experts = cfg.practice.experts
    return _INFO.format(
        people=cfg.org.n_employees,
        experts=experts if experts else "No",
        turnover=round(100 * cfg.turnover.rate_annual),
        knows_at=f"{cfg.practice.knows_at:g}",
        how_to_use=how_to_use,
        things_to_try=things_to_try,
    )


#: The weeks the teacher's sheet reports.
SHEET_WEEKS = (26, 52, 78, 104)


def answer_sheet(seeds: int = 10) -> list[tuple[str, str, list[float], list[float]]]:
    """For each thing to try, each side: the mean and the spread over ``seeds`` seeds of the share at :data:`SHEET_WEEKS`.

    Rows are (thing to try, design in words, means, [lowest, highest] at the last week).
    """
    memo: dict[tuple, list[float]] = {}  # presets share sides (no programme in four of them): run each once

    def shares(chosen: dict[str, Any], seed: int) -> list[float]:
        key = (tuple(sorted(chosen.items())), seed)
        if key not in memo:
            model = ClassroomModel(**{**chosen, "seed": seed})
            model.run(max(SHEET_WEEKS))
            memo[key] = [model.practice_share[w] for w in SHEET_WEEKS]
        return memo[key]

    rows = []
    for preset in PRESETS:
        chosen = {**CLASSROOM, **preset.settings}
        sides = [chosen["program.design"]] + ([preset.compare_with] if preset.side_by_side else [])
        for design in sides:
            table = np.array([shares({**chosen, "program.design": design}, seed) for seed in range(seeds)])
            rows.append(
                (preset.title, design_words(design), list(table.mean(axis=0)), [table[:, -1].min(), table[:, -1].max()])
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    """Print the teacher's answer sheet: what each thing to try shows, over seeds."""
    parser = argparse.ArgumentParser(
        prog="python -m sim.teaching.classroom",
        description="The share who know the new practice in each of the page's things to try, over seeds.",
    )
    parser.add_argument("--seeds", type=int, default=10, help="seeds 0..N-1 (default 10)")
    args = parser.parse_args(argv)
    if args.seeds < 1:
        parser.error(f"--seeds {args.seeds}: must be at least 1")
    print(f"Share who know the new practice, mean of seeds 0-{args.seeds - 1} ({CLASSROOM['org.n_employees']} people):")
    head = "  ".join(f"week {w:>3}" for w in SHEET_WEEKS)
    print(f"{'thing to try':<36} {'design':<26} {head}  range at week {SHEET_WEEKS[-1]}")
    for title, design, means, (low, high) in answer_sheet(args.seeds):
        cells = "  ".join(f"{m:>8.1%}" for m in means)
        print(f"{title:<36} {design:<26} {cells}  {low:.0%}-{high:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
