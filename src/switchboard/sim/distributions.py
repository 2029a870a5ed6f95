"""Random durations for the simulator: handle time, after-contact work, accept delay, patience.

Every distribution is a frozen value with `sample(rng) -> float` (seconds, never negative),
`sampler(rng)` (a zero-argument callable doing the same; the simulator's hot loop binds it once)
and the analytic `mean` and `variance` (None where not finite or not known in closed form).
Randomness always comes from the injected `random.Random`; nothing here touches global state.

    Distribution = Exponential | LogNormal | Deterministic | Empirical | Uniform

Must not import: anything outside the standard library.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

Sampler = Callable[[], float]


@dataclass(frozen=True, slots=True)
class Exponential:
    """Memoryless durations (M in Kendall's notation); `mean` in seconds."""

    mean: float

    def sample(self, rng: random.Random) -> float:
        return rng.expovariate(1.0 / self.mean)

    def sampler(self, rng: random.Random) -> Sampler:
        return partial(rng.expovariate, 1.0 / self.mean)

    @property
    def variance(self) -> float:
        return self.mean * self.mean


@dataclass(frozen=True, slots=True)
class LogNormal:
    """Log-normal durations given by their own mean and standard deviation (seconds)."""

    mean: float
    sd: float

    def _params(self) -> tuple[float, float]:
        sigma2 = math.log(1.0 + (self.sd / self.mean) ** 2)
        return math.log(self.mean) - sigma2 / 2.0, math.sqrt(sigma2)

    def sample(self, rng: random.Random) -> float:
        mu, sigma = self._params()
        return rng.lognormvariate(mu, sigma)

    def sampler(self, rng: random.Random) -> Sampler:
        mu, sigma = self._params()
        return partial(rng.lognormvariate, mu, sigma)

    @property
    def variance(self) -> float:
        return self.sd * self.sd


@dataclass(frozen=True, slots=True)
class Deterministic:
    """Always the same duration (D in Kendall's notation)."""

    value: float

    def sample(self, rng: random.Random) -> float:
        return self.value

    def sampler(self, rng: random.Random) -> Sampler:
        value = self.value
        return lambda: value

    @property
    def mean(self) -> float:
        return self.value

    @property
    def variance(self) -> float:
        return 0.0


@dataclass(frozen=True, slots=True)
class Uniform:
    """Uniform on [low, high] seconds."""

    low: float
    high: float

    def sample(self, rng: random.Random) -> float:
        return rng.uniform(self.low, self.high)

    def sampler(self, rng: random.Random) -> Sampler:
        return partial(rng.uniform, self.low, self.high)

    @property
    def mean(self) -> float:
        return (self.low + self.high) / 2.0

    @property
    def variance(self) -> float:
        return (self.high - self.low) ** 2 / 12.0


@dataclass(frozen=True, slots=True)
class Empirical:
    """Resample observed durations uniformly (for example handle times from a real trace)."""

    values: tuple[float, ...]

    def sample(self, rng: random.Random) -> float:
        return rng.choice(self.values)

    def sampler(self, rng: random.Random) -> Sampler:
        return partial(rng.choice, self.values)

    @property
    def mean(self) -> float:
        return math.fsum(self.values) / len(self.values)

    @property
    def variance(self) -> float:
        m = self.mean
        return math.fsum((v - m) ** 2 for v in self.values) / len(self.values)


Distribution = Exponential | LogNormal | Deterministic | Empirical | Uniform

KINDS = ("exponential", "lognormal", "deterministic", "uniform", "empirical")


def empirical(values: Sequence[float]) -> Empirical:
    return Empirical(tuple(float(v) for v in values))
