"""Face pipeline: types, detectors, alignment, recognizers, gallery, model registry. Never imports Qt."""
