"""Wait-time predictors (issue 6): baselines, the Erlang-A queue-length predictor and
Switchboard's state-aware predictor, all behind `metrics.ewt.WaitTimeEstimator`.

    baselines.py    HOL, LES, QL, Erlang-A QL (Whitt)
    stages.py       the stage model of the wait: per-departure rates, mean, variance
    quantiles.py    Gamma quantiles by moment matching; online quantile tracking
    calibration.py  per-bucket online recalibration (recursive least squares + trackers)
    state_aware.py  `StateAwareEstimator`, the default estimator of the contact center
    learner.py      `PredictionLearner`: features at queue entry -> outcome at connect

Pure: standard library and `domain.*` only (no clock, no randomness).
"""
