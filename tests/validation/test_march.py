"""March (1991) mutual-learning model: each rule on a case worked out by hand."""

import numpy as np
import pytest

from sim.validation.march import MarchModel, MarchParams


def model(**kw) -> MarchModel:
    return MarchModel(MarchParams(m=4, n=3, **kw), rng=0)


def test_initial_state_follows_the_paper():
    m = MarchModel(MarchParams(m=30, n=2000), rng=1)
    assert set(np.unique(m.reality)) == {-1, 1} and np.all(m.code == 0)
    shares = [(m.beliefs == v).mean() for v in (-1, 0, 1)]
    assert np.allclose(shares, 1 / 3, atol=0.01)
    assert m.code_knowledge() == 0.0


def test_full_socialisation_copies_the_code_where_it_has_a_view():
    m = model(p1=1.0, p2=0.0)
    m.reality[:] = [1, 1, -1, -1]
    m.code[:] = [1, 0, -1, 1]
    m.beliefs[:] = [[-1, -1, 0, 0], [1, 1, 1, 1], [0, 0, 0, 0]]
    m.step()
    assert m.beliefs.tolist() == [[1, -1, -1, 1], [1, 1, -1, 1], [1, 0, -1, 1]]
    assert m.code.tolist() == [1, 0, -1, 1], "p2 = 0: the code does not move"


def test_the_code_learns_the_superior_group_s_dominant_belief():
    m = model(p1=0.0, p2=1.0)
    m.reality[:] = [1, 1, 1, 1]
    m.code[:] = [1, -1, 0, 0]  # right on 1 dimension
    # rows 0 and 1 are right on 3 and 2 dimensions (superior); row 2 on 0 (not)
    m.beliefs[:] = [[1, 1, 1, -1], [0, 1, 1, 0], [-1, -1, -1, -1]]
    m.step()
    # dim 0: dominant +1 = code, kept; dim 1: +1 by 2 -> adopted; dim 2: +1 by 2; dim 3: -1 by 1
    assert m.code.tolist() == [1, 1, 1, -1]
    assert m.beliefs[2].tolist() == [-1, -1, -1, -1], "p1 = 0: nobody is socialised"


def test_code_learning_probability_grows_with_the_majority():
    # p2 = 0.3 with a majority of k = 3: adoption probability 1 - 0.7**3 = 0.657
    hits = 0
    trials = 2000
    for seed in range(trials):
        m = MarchModel(MarchParams(m=1, n=3, p1=0.0, p2=0.3), rng=seed)
        m.reality[:] = [1]
        m.beliefs[:] = [[1], [1], [1]]
        m.step()
        hits += int(m.code[0] == 1)
    assert abs(hits / trials - (1 - 0.7**3)) < 0.035


def test_turnover_replaces_about_p3_of_people_with_random_beliefs():
    m = MarchModel(MarchParams(m=10, n=4000, p1=0.0, p2=0.0, p3=0.25), rng=3)
    m.beliefs[:] = 1
    m.step()
    replaced = (m.beliefs != 1).any(axis=1).mean()
    # a newcomer keeps all ten beliefs at +1 with probability (1/3)**10: negligible
    assert abs(replaced - 0.25) < 0.02


def test_turbulence_flips_reality():
    m = MarchModel(MarchParams(m=5000, n=1, p4=0.1), rng=4)
    before = m.reality.copy()
    m.step()
    assert abs((m.reality != before).mean() - 0.1) < 0.015


def test_same_seed_same_history_and_bad_rates_are_refused():
    a = MarchModel(MarchParams(p1=0.3, p3=0.05, p4=0.01), rng=7).run(30)
    b = MarchModel(MarchParams(p1=0.3, p3=0.05, p4=0.01), rng=7).run(30)
    assert a.history == b.history
    with pytest.raises(ValueError, match=r"p2=1.5: must be a probability in \[0, 1\]"):
        MarchModel(MarchParams(p2=1.5))
