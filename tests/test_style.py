"""House style: every colour passes WCAG 3:1 on white."""

from __future__ import annotations

import pytest

from regiobeeld.presentation import style


@pytest.mark.parametrize("colour", [*style.PALETTE, style.REGION, style.NATIONAL, style.NEIGHBOURS,
                                    style.MUTED, style.HIGHLIGHT])
def test_colours_reach_3_to_1_on_white(colour):
    assert style.contrast_ratio(colour) >= 3.0


def test_contrast_ratio_known_values():
    assert style.contrast_ratio("#000000") == pytest.approx(21.0)
    assert style.contrast_ratio("#FFFFFF") == pytest.approx(1.0)
    assert style.contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)


def test_cbs_light_colours_fail_as_the_docs_say():
    assert style.contrast_ratio("#AFCB05") < 3.0
    assert style.contrast_ratio("#F39200") < 3.0
