"""Presentation-attack detection: MiniFASNet texture scores, a planar-motion cue, per-track decisions."""
