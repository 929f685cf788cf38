"""Where each default comes from: a source with a number, a fit, an assumption, or a setting.

Every config key (sim.config) has one entry in :data:`BASIS`, starting with its kind:

- ``source``: the default is a published number (cited, with the number);
- ``fitted``: the default was fitted, to the named figures, by the named command;
- ``assumption``: a modelling judgement, no number behind it (some sit inside a published
  range, which is said); a finding that rests on one is a consequence of it, not a forecast;
- ``setting``: a choice the user makes about the run or the programme (its size, design,
  outputs), not a property of the world; the default is a convenient starting point.

docs/configuration.md shows each key's basis (``python -m sim.config``), and a test checks
that every key has one.
"""

from __future__ import annotations

KINDS = ("source", "fitted", "assumption", "setting")

_PROGRAMME = "setting: a programme choice; the default is a common design, not a finding"

BASIS: dict[str, str] = {
    "seed": "setting",
    "steps": "setting: five years",
    "warm_start": "setting: empty = build the organisation anew",
    "org.kind": "setting",
    "org.roster_path": "setting",
    "org.roster_columns.id": "setting",
    "org.roster_columns.manager_id": "setting",
    "org.roster_columns.level": "setting",
    "org.roster_columns.team": "setting",
    "org.roster_columns.tenure_years": "setting",
    "org.roster_columns.hire_date": "setting",
    "org.leavers_path": "setting: your leavers; the turnover keys it fits are then yours",
    "org.roster_date": "setting",
    "org.n_employees": "setting",
    "org.levels": "setting",
    "org.span_of_control": "assumption: spans of 4-8 are usual; set it from your own organisation or a roster",
    "org.n_skills": "setting",
    "org.tenure_distribution": "setting: stationary = the steady state of the fitted hazard",
    "org.tenure_mean_years": "setting: only for the exponential option",
    "org.tenure_max_years": "setting: only for the uniform option",
    "org.tenure_level_correlation": "assumption",
    "network.kind": "setting",
    "network.mean_degree": "assumption",
    "network.rewire_p": "assumption: 0.1 is in the small-world range of Watts & Strogatz (1998), about 0.01-0.1",
    "network.attach_m": "assumption",
    "headcount.change_per_year": "setting: your plan; 0 keeps headcount constant, as the model was validated",
    "headcount.start_week": "setting: when your plan starts",
    "headcount.weeks": "setting: how long your plan runs",
    "headcount.freeze_weeks": "setting: your plan's hiring freeze; 0 = none",
    "headcount.layoff_share": "setting: your plan's layoff; 0 = none",
    "headcount.layoff_level": "setting: the level your plan's layoff cuts",
    "network.personal": "setting: false keeps the seat-based network the model was validated with (docs/model.md 7.15)",
    "network.build_weeks": "assumption: a newcomer has half their contacts after about two months and nine in ten "
    "after about nine (measured: tests/mechanisms/test_contacts.py); no published weekly rate",
    "network.fade_years": "assumption: ties decay unless renewed (Burt 2000, 'Decay functions', Social Networks 22); "
    "no rate for workplace ties that we could read, so off by default",
    "network.legacy_p": "assumption: many mentoring relationships turn into friendships or collegial ties after "
    "they end (Kram 1985's redefinition phase); no published share, so off by default",
    "network.within_team_p": "assumption",
    "network.between_team_degree": "assumption",
    "network.include_reporting_lines": "assumption",
    "program.design": "setting: none, so a run without a programme is the baseline",
    "program.start_step": _PROGRAMME,
    "program.match_every_weeks": _PROGRAMME,
    "program.duration_weeks": _PROGRAMME,
    "program.mentor_capacity": _PROGRAMME,
    "program.meetings_per_month": _PROGRAMME,
    "program.opt_in_rate": "assumption: the share who volunteer (the Sun Microsystems posterior: 0.070, 90% "
    "0.056-0.094 a round)",
    "program.volunteer_selection": "assumption: 0 = volunteering ignores engagement (the Sun Microsystems posterior: "
    "median 1.53, 90% 0.68-2.67, not identified by its figures)",
    "program.circle_size": _PROGRAMME,
    "program.external_mentors": _PROGRAMME,
    "program.mentee_max_tenure_years": _PROGRAMME,
    "program.mentor_min_tenure_years": _PROGRAMME,
    "matching.strategy": "setting",
    "matching.candidates": "setting: a shortlist per person, as matching tools suggest a handful of matches",
    "matching.allow_direct_manager": "setting: false, as the seed texts advise ('when the mentor also evaluates "
    "the mentee it probably won't work well')",
    "matching.similarity_basis": "setting",
    "matching.similarity_weight": "assumption",
    "matching.fit_visible": "assumption inside a source's range: Eby et al. (2013) report rho .38-.59 between "
    "perceived similarity and relationship quality; 0.45",
    "matching.preference_noise": "assumption",
    "matching.optimal_block": "setting: a solver setting (99.6% of the exact optimum at 200; python -m sim.bench "
    "--optimal-blocks 8000)",
    "lifecycle.preparation_weeks": "assumption: Zachary (2000) names the phases, not their lengths",
    "lifecycle.negotiating_weeks": "assumption: Zachary (2000) names the phases, not their lengths",
    "lifecycle.closure_weeks": "assumption",
    "lifecycle.preparation_quality": "assumption",
    "lifecycle.negotiating_quality": "assumption",
    "lifecycle.closure_quality": "assumption",
    "lifecycle.no_fault_exit": _PROGRAMME,
    "lifecycle.no_fault_fit": "assumption",
    "lifecycle.fit_signal_sd": "assumption",
    "lifecycle.peer_duration_multiplier": "assumption: peer ties 'may have more longevity' (Kram & Isabella 1985), "
    "no number",
    "support.protected_hours_per_month": "setting: no protected time unless the programme gives it",
    "support.free_hours_per_month": "assumption",
    "support.free_hours_cv": "assumption",
    "support.meeting_hours": _PROGRAMME,
    "support.mentor_training": "setting: off unless the programme trains mentors",
    "support.training_effect": "assumption",
    "support.mentor_recognition": "setting: off unless the programme recognises mentors",
    "support.recognition_boost": "assumption",
    "engagement.visibility_boost": "assumption: Murphy (2012, Human Resource Management 51(4)) describes reverse "
    "mentors gaining visibility to senior leaders and staying longer, with no effect size; as a recognised "
    "mentor's 0.002 a week; sampled 0 to 0.004",
    "support.confidentiality": "setting: off unless pairs sign an agreement",
    "support.cap_without_confidentiality": "assumption",
    "support.leadership_backing": "setting: 0.5 = neutral",
    "knowledge.informal_contact_p": "assumption",
    "knowledge.informal_explicit_rate": "assumption",
    "knowledge.informal_tacit_rate": "assumption",
    "knowledge.mentoring_explicit_rate": "assumption",
    "knowledge.mentoring_tacit_rate": "assumption",
    "knowledge.reverse_share": "assumption",
    "knowledge.off_focus_share": "assumption",
    "knowledge.power_penalty": "assumption",
    "knowledge.rapport_initial": "assumption",
    "knowledge.similarity_rapport_bonus": "assumption",
    "knowledge.rapport_gain": "assumption",
    "knowledge.fit_floor": "assumption",
    "knowledge.manager_trust_cap": "assumption",
    "knowledge.tacit_learning_per_year": "assumption: chosen so know-how rises over the first years and levels off "
    "(Schmidt, Hunter & Outerbridge 1986), no level fitted",
    "knowledge.explicit_learning_per_year": "assumption: above obsolescence so that knowledge rises with tenure "
    "(Schmidt, Hunter & Outerbridge 1986), no level fitted",
    "knowledge.obsolescence_per_year": "assumption",
    "knowledge.fast_skill": "setting: skill 0 changes fast; -1 for none",
    "knowledge.fast_skill_obsolescence_per_year": "assumption",
    "knowledge.hire_fast_skill_bonus": "assumption",
    "knowledge.external_explicit": "assumption",
    "knowledge.external_tacit": "assumption",
    "knowledge.hire_explicit_mean": "assumption",
    "knowledge.hire_explicit_level_bonus": "assumption",
    "knowledge.hire_tacit_mean": "assumption",
    "knowledge.history_years": "fitted: the history after which the tacit know-how of a run without a programme drifts least over five years (500 people, 30 seeds: -0.0011 +- 0.0019 at 5 years of history, -0.0063 at 8, +0.059 without; spread between seeds 0.0085; python -m sim.studies.drift --seeds 30 --history 0,5,8,12)",
    "practice.experts": "setting: the classroom's scenario (sim.mechanisms.practice); 0 = off",
    "practice.skill": "setting",
    "practice.expert_level": "assumption: experts know it well, short of the mastery nobody reaches",
    "practice.learning_per_year": "assumption: chosen so that in the classroom's organisation (150 people, 5 experts) "
    "the contrast between no programme and peer mentoring shows within two years; not fitted",
    "practice.explicit_learning_per_year": "assumption: as practice.learning_per_year",
    "practice.start_at": "assumption: one needs some know-how before one can practise a method (a threshold, "
    "so that single contacts across team borders rarely start anyone: complex contagion, Centola & Macy 2007)",
    "practice.knows_at": "setting: where a person counts as knowing it, for the share shown (no effect on the run)",
    "practice.experts_leave_week": "setting",
    "engagement.baseline_mean": "assumption: an index, not a survey score",
    "engagement.baseline_sd": "assumption",
    "engagement.drift_per_week": "assumption",
    "engagement.noise_sd": "assumption",
    "engagement.meeting_boost": "assumption",
    "engagement.learning_boost": "fitted: with turnover.engagement_sensitivity, so that the virtual survey's "
    "relationship quality ~ engagement lies within .23-.53 (Eby et al. 2013, rho .38) while having a mentor ~ "
    "engagement stays at most .30 (an assumption: the meta-analyses call mentoring's effects on attitudes small); "
    "python -m sim.studies.engagement_fit (12 organisations a point, the survey at week 104): +.28 and +.27",
    "engagement.overload_penalty": "assumption",
    "engagement.isolation_penalty": "assumption",
    "turnover.rate_annual": "fitted: to knowledge work's median tenure of 5.0 years (BLS Employee Tenure, table 6: "
    "management, professional and related occupations 5.1 in 2008, 5.5 in 2012), with quits 70% of separations "
    "(JOLTS), the newcomer hazard of the all-workers fit and the engagement sensitivity fitted to the virtual "
    "survey; python -m sim.studies.workforce. The all-workers "
    "fit (workforce=us_all_workers: 0.425, median 4.1 years, 27% at 10+, 24.3% at a year or less) checks against "
    "JOLTS' 48% a year of total separations (December 2021)",
    "turnover.engagement_sensitivity": "fitted: so that the virtual survey's engagement ~ quitting within a year "
    "is -.21 (Griffeth, Hom & Gaertner 2000, pp. 479-480: satisfaction -.19, commitment -.23; band -.30 to -.15 "
    "with Rubenstein et al. 2018), jointly with the separations rate (knowledge work's median tenure); python -m "
    "sim.studies.engagement_fit: -.22. 4 in the us_all_workers fit and the Sun preset, as fitted",
    "turnover.newcomer_multiplier": "fitted: with the all-workers rate (0.425), to US tenure in January 2022 (BLS: median 4.1 "
    "years, 27% at 10+, 24.3% at a year or less)",
    "turnover.newcomer_weeks": "fitted: with the all-workers rate (0.425), to US tenure in January 2022 (BLS: median 4.1 years, "
    "27% at 10+, 24.3% at a year or less)",
    "turnover.quit_share": "source: BLS JOLTS, July 2022: 4.2 million quits of 5.9 million total separations "
    "(70%); 1 (every separation a quit) in the us_all_workers fit",
    "turnover.retirement_share": "assumption: retirements and other late-career exits about 5% of separations "
    "(JOLTS' other separations; the monthly figure not read here)",
    "turnover.retirement_doubling_years": "assumption: the retirement hazard doubles every 5 years of tenure "
    "(a proxy for age, which the model does not hold)",
    "informal.formation_per_year": "setting: 0 keeps the model without informal mentoring; no published rate of "
    "forming one was found (surveys report that many have had an informal mentor, not how fast they find one)",
    "informal.max_tenure_years": "assumption: juniors look for a mentor in their first five years",
    "informal.crowd_out": "assumption: half way between a programme that adds to informal mentoring and one that "
    "replaces it; the literature compares the two kinds, not how one affects the other",
    "informal.seniority_years": "assumption: a peer with three more years is senior enough to mentor",
    "informal.mentor_capacity": "assumption: as many informal mentees as a programme's mentor takes by default",
    "informal.meetings_per_month": "assumption: as often as a programme asks its ties by default, so that informal "
    "and formal ties are compared at one cadence",
    "informal.duration_weeks": "assumption: three years, within Kram's (1985) two to five years of cultivation",
    "careers.internal_share": "setting: 0 keeps the model without promotions (every seat filled from outside); "
    "0.33 is sourced: US corporations fill a third or less of their vacancies by promotions and lateral moves, "
    "against about 90% from 1945 to the 1970s (Cappelli 2019, Harvard Business Review, May-June)",
    "careers.min_tenure_years": "assumption: a year in the organisation before a promotion",
    "careers.engagement_weight": "assumption: readiness weighs engagement at half of know-how",
    "careers.sponsor_boost": "assumption: a senior mentor's push counts as much as one standard deviation of "
    "readiness; objective career effects of mentoring are small (Allen et al. 2004, abstract) and Sun's mentees' "
    "grade changes (25% against 5%) mix the push with who volunteers (docs/validation.md)",
    "careers.readiness_spread": "assumption: luck of the same size as a standard deviation of readiness",
    "economics.currency": "setting",
    "economics.salary_front_line": "source: BLS Employer Costs for Employee Compensation, December 2021: civilian "
    "wages and salaries $27.83 per hour worked, x 2,080 hours = $57,900 (an all-workers average, not a front-line "
    "wage: set your own)",
    "economics.salary_level_ratio": "assumption: about 1.4x a level; set salary_by_level from your own pay scale",
    "economics.salary_by_level": "setting: empty = salary_front_line x salary_level_ratio per level",
    "economics.benefits_loading": "source: BLS Employer Costs for Employee Compensation, December 2021: wages and "
    "salaries are 69.0% of compensation ($27.83 of $40.35 an hour), 1 / 0.690 = 1.45",
    "economics.hours_per_year": "setting: 52 weeks of 40 hours",
    "economics.hourly_cost": "setting: 0 = each level's salary x benefits_loading / hours_per_year",
    "economics.external_hourly_cost": "assumption: a mid-range coaching fee, no source",
    "economics.replacement_cost_share": "source: Boushey & Glynn (2012, Center for American Progress): median 21% "
    "of annual salary over 27 case studies in 11 papers; about 16% for jobs paying under $30,000, up to 213% for "
    "executives",
    "economics.admin_per_year": "assumption: a share of a coordinator's time and a tool's licence, no source",
    "economics.admin_per_participant_year": "assumption: no source",
    "economics.training_cost_per_mentor": "assumption: a day's workshop, no source",
    "economics.output_value_ratio": "assumption: the loaded cost of the job (BLS's 1.45, benefits_loading): an "
    "employer that pays for a job what its output is worth; sampled 1.0 to 2.0 in the decision study",
    "economics.ramp_weeks": "source: Rollag, Parise & Cross (2005, MIT Sloan Management Review 46(2) p. 35): 20 "
    "weeks to full productivity for professionals (8 clerical, over 26 executives); Oxford Economics (2014): 28 "
    "on average; sampled 8 to 32",
    "economics.ramp_start": "assumption: a quarter of full output in the first week, no source; sampled 0 to 0.5",
    "economics.knowhow_elasticity": "assumption: 0.1 more know-how, 10% more output; the model's spread of know-how "
    "(SD 0.11) then spreads output by 11% (16% of salary), under the 40% of salary utility analysis puts on "
    "the whole spread of performance (Schmidt & Hunter 1983); sampled 0.25 to 2",
    "economics.tacit_value": "assumption: a judgement, off (0) unless you put a price on know-how",
    "economics.baseline": "setting",
    "checkpoint.every": "setting",
    "checkpoint.keep": "setting",
    "checkpoint.final": "setting",
    "checkpoint.resume": "setting",
    "outputs.csv": "setting",
    "outputs.store": "setting",
    "outputs.run_prefix": "setting",
    "outputs.employees": "setting",
    "outputs.quiet": "setting",
    "outputs.compare_seeds": "setting",
    "org.network_path": "setting",
    "outputs.sweep_summaries": "setting",
    "outputs.objective": "setting",
    "report.compare": "setting",
    "report.baseline": "setting",
    "report.auto": "setting",
    "sensitivity.method": "setting",
    "sensitivity.sample": "setting",
    "sensitivity.trajectories": "setting",
    "sensitivity.levels": "setting",
    "sensitivity.base_samples": "setting",
    "sensitivity.seed": "setting",
    "scenario.index": "setting",
    "scenario.count": "setting",
    "scenario.seed": "setting",
    "scenario.pinned": "setting: python -m sim.decide pins the uncertain keys you set",
}


def kind(key: str) -> str:
    """The kind of a key's basis: source, fitted, assumption or setting."""
    return BASIS[key].split(":")[0].split()[0]
