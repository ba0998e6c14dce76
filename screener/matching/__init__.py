"""Matching: normalise names, find candidates in an index, score them with features."""

from screener.matching.config import FeatureWeights, MatchingConfig
from screener.matching.matcher import Matcher
from screener.matching.normalize import NormName, normalize_name
from screener.matching.query import Query

__all__ = ["FeatureWeights", "Matcher", "MatchingConfig", "NormName", "Query", "normalize_name"]
