"""The bundle's adapter is folded into the base weights without peft, exactly as peft's merge_and_unload does."""

from __future__ import annotations

import pytest
import torch
from safetensors.torch import load_file

from classifiers.e5.bundle import ADAPTER_FILE, BundleConfig, read_bundle_config
from classifiers.e5.cache import cached_base, load_base_model
from classifiers.e5.lora import merge_adapter
from classifiers.registry import DEFAULT_MODELS_DIR, read_registry


def _active_bundle() -> tuple[BundleConfig, dict[str, torch.Tensor]]:
    version = read_registry(DEFAULT_MODELS_DIR)["sentiment"].split("/")[1]
    folder = DEFAULT_MODELS_DIR / "bundles" / "e5-mt" / version
    return read_bundle_config(folder), load_file(str(folder / ADAPTER_FILE))


def test_merge_matches_peft_merge_and_unload() -> None:
    from peft import set_peft_model_state_dict

    from classifiers.e5.network import quiet_peft_model

    config, adapter = _active_bundle()
    files = cached_base()
    ours = merge_adapter(load_base_model(files), adapter, config.lora).state_dict()
    adapted = quiet_peft_model(load_base_model(files), config.lora.peft_config(12))
    set_peft_model_state_dict(adapted, adapter)
    theirs = adapted.merge_and_unload().state_dict()
    assert ours.keys() == theirs.keys()
    for name, tensor in ours.items():
        assert torch.allclose(tensor, theirs[name], atol=1e-6), name
    base = load_base_model(files).state_dict()
    changed = {name for name in ours if not torch.equal(ours[name], base[name])}
    # 4 tuned layers x 6 projections (query, key, value, attention output, intermediate, output)
    assert len(changed) == 24
    assert {name.split(".")[2] for name in changed} == {"8", "9", "10", "11"}


def test_an_adapter_that_does_not_fit_is_refused() -> None:
    config, adapter = _active_bundle()
    files = cached_base()
    elsewhere = {k.replace("layer.10.", "layer.40."): v for k, v in adapter.items()}
    with pytest.raises(ValueError, match="does not fit"):
        merge_adapter(load_base_model(files), elsewhere, config.lora)
    without_b = {k: v for k, v in adapter.items() if not k.endswith("lora_B.weight")}
    with pytest.raises(ValueError, match="does not fit"):
        merge_adapter(load_base_model(files), without_b, config.lora)
    with pytest.raises(ValueError, match="not a LoRA adapter"):
        merge_adapter(load_base_model(files), {"encoder.layer.0.weight": torch.zeros(1)}, config.lora)
