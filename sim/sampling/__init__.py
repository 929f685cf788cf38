"""The values a run's sample row sets: a decision study's scenario (:mod:`~sim.sampling.scenarios`) or a sensitivity sample's row (:mod:`~sim.sampling.sensitivity`)."""
