"""Notebooks of a batch read the indicator set the runner prepared: once per process."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from regiobeeld.core.errors import CacheError
from regiobeeld.core.settings import Settings
from regiobeeld.indicators import SPECS, IndicatorSet, load_indicators


def _set(value: float) -> IndicatorSet:
    frame = pd.DataFrame([("unemployment_rate", code, "2024JJ00", "", "", v)
                          for code, v in (("AM01", value), ("AM02", 3.0), ("NL", 3.5))],
                         columns=["indicator", "region_code", "period", "period_status", "category", "value"])
    return IndicatorSet(frame, SPECS, {}, {"AM01": "Groningen", "NL": "Nederland"}, {}, True, f"fp{value}")


def test_the_prepared_file_is_read_once_per_process_and_again_when_replaced(tmp_path):
    path = tmp_path / "run" / "indicators.parquet"
    _set(4.0).save(path)
    settings = Settings(cache_root=tmp_path / "cache", indicators_file=path)
    first = load_indicators(settings)
    assert first.value("unemployment_rate", "AM01") == 4.0
    assert load_indicators(settings) is first                 # the next page in a warm kernel
    _set(6.0).save(path)                                      # another run, same path
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    assert load_indicators(settings).value("unemployment_rate", "AM01") == 6.0


def test_a_missing_prepared_file_is_named(tmp_path):
    settings = Settings(cache_root=tmp_path / "cache", indicators_file=tmp_path / "gone.parquet")
    with pytest.raises(CacheError, match="gone.parquet"):
        load_indicators(settings)


def test_the_runner_passes_the_file_to_the_kernels_through_the_environment(tmp_path):
    settings = Settings(cache_root=tmp_path, indicators_file=tmp_path / "i.parquet")
    assert Settings.from_env(settings.to_env()).indicators_file == tmp_path / "i.parquet"
    assert "REGIOBEELD_INDICATORS" not in Settings(cache_root=tmp_path).to_env()


def test_ranks_are_computed_once_per_indicator_period_and_category():
    iset = _set(4.0)
    assert iset.rank("unemployment_rate", "AM01") == 1 and iset.rank("unemployment_rate", "AM02") == 2
    assert list(iset._rank_cache) == [("unemployment_rate", "2024JJ00", "")]
