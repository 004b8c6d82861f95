"""Geocoders in geopy's style: the offline gazetteer adapter and a fall-through chain."""

from geo.geocoders.chain import GeocoderChain, SqliteCache, build_chain
from geo.geocoders.offline import OfflineGazetteer

__all__ = ["OfflineGazetteer", "GeocoderChain", "SqliteCache", "build_chain"]
