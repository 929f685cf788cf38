"""The model's submodels, one module each, as the ODD document lists them (docs/model.md).

Building the organisation: :mod:`~sim.mechanisms.organisation` (a synthetic pyramid),
the organisation of a roster read by :mod:`sim.inputs.roster`), :mod:`~sim.mechanisms.network` (the
informal network), :mod:`~sim.mechanisms.volunteering` (who opts in). The weekly rules: :mod:`~sim.mechanisms.program` (the schedule, and the
programme that runs every tie through each stage), :mod:`~sim.mechanisms.designs` (who takes
part and how a round forms ties: a registry, one module per design),
:mod:`~sim.mechanisms.matching`, :mod:`~sim.mechanisms.fit` (traits and the latent fit of a pair),
:mod:`~sim.mechanisms.external` (mentors from outside),
:mod:`~sim.mechanisms.lifecycle`, :mod:`~sim.mechanisms.meetings`, :mod:`~sim.mechanisms.support`,
:mod:`~sim.mechanisms.knowledge`, :mod:`~sim.mechanisms.engagement` and
:mod:`~sim.mechanisms.turnover`.

A mechanism is a function of (state, parameters, generator) that changes state in place; it
never reads config files or writes outputs.
"""
