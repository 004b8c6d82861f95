"""Geocoders: the offline adapter, the chain with a real local Nominatim-like HTTP server, the cache."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from geopy.geocoders import Nominatim
from geopy.location import Location

from geo.errors import SettingsError
from geo.geocoders import GeocoderChain, OfflineGazetteer, SqliteCache, build_chain

UNKNOWN = "Zzyzx Springs Test Hamlet"


class _Server:
    """A Nominatim-format /search on 127.0.0.1 (random port) that counts its requests."""

    def __init__(self, delay: float = 0.0) -> None:
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                outer.requests.append(self.path)
                if delay:
                    time.sleep(delay)
                url = urlparse(self.path)
                if url.path != "/search":
                    self.send_error(404)
                    return
                q = parse_qs(url.query).get("q", [""])[0]
                body = json.dumps(
                    [{"place_id": 1, "lat": "35.1432", "lon": "-116.1047", "display_name": f"{q}, California, USA",
                      "class": "place", "type": "hamlet", "importance": 0.3}]
                ).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _settings(gazetteer, tmp_path, url: str, **extra) -> dict[str, str]:
    s = {
        "GEO_GEOCODERS": "offline,nominatim",
        "GEO_NOMINATIM_URL": url,
        "GEO_GEOCODER_CACHE": str(tmp_path / "cache.sqlite"),
        "GEO_GEOCODER_TIMEOUT": "2",
        "GEO_GEOCODER_MIN_DELAY": "0",
        "GEO_GAZETTEER": str(gazetteer.path),
        "GEO_USER_AGENT": "geo-events-tests",
    }
    s.update(extra)
    return s


def test_offline_geocoder(gazetteer):
    geo = OfflineGazetteer(gazetteer)
    loc = geo.geocode("Kropotkinskaya")
    assert isinstance(loc, Location)
    assert loc.address == "Kropotkin, Krasnodar Krai, RU"
    assert loc.latitude == pytest.approx(45.437, abs=0.01) and loc.longitude == pytest.approx(40.57, abs=0.01)
    assert loc.raw["geonameid"] == 540761 and loc.raw["kind"] == "settlement" and loc.raw["country"] == "RU"
    many = geo.geocode("Paris", exactly_one=False, limit=2)
    assert isinstance(many, list) and len(many) == 2
    assert geo.geocode("Paris", country_codes=["US"]).raw["country"] == "US"
    assert geo.geocode(UNKNOWN) is None
    assert geo.reverse("45.44, 40.57").raw["name"] == "Kropotkin"
    assert geo.reverse((48.853, 2.349), exactly_one=False)[0].raw["name"] == "Paris"


def test_chain_falls_through_to_local_nominatim_and_caches(gazetteer, tmp_path):
    with _Server() as server:
        chain = build_chain(_settings(gazetteer, tmp_path, f"http://127.0.0.1:{server.port}"))
        assert chain.names == ["offline", "nominatim"]
        nom = chain.geocoders[1][1]
        assert isinstance(nom, Nominatim) and nom.scheme == "http" and nom.domain == f"127.0.0.1:{server.port}"

        # Known offline: the server is never asked.
        assert chain.geocode("Kropotkin").raw["geonameid"] == 540761
        assert server.requests == []

        loc = chain.geocode(UNKNOWN)
        assert loc is not None and loc.address.startswith(UNKNOWN)
        assert loc.latitude == pytest.approx(35.1432)
        assert len(server.requests) == 1 and server.requests[0].startswith("/search?")

        again = chain.geocode(UNKNOWN)
        assert again.address == loc.address and again.latitude == loc.latitude
        assert len(server.requests) == 1  # answered from the cache
        assert chain.failures == []

        # The cache persists across chains.
        chain2 = build_chain(_settings(gazetteer, tmp_path, f"http://127.0.0.1:{server.port}"))
        assert chain2.geocode(UNKNOWN).address == loc.address
        assert len(server.requests) == 1


def test_chain_server_down_keeps_offline_and_records_failure(gazetteer, tmp_path):
    chain = build_chain(_settings(gazetteer, tmp_path, f"http://127.0.0.1:{_free_port()}",
                                  GEO_GEOCODERS="nominatim,offline"))
    loc = chain.geocode("Andreapol")
    assert loc is not None and loc.raw["admin1"] == "Tver Oblast"
    assert len(chain.failures) == 1 and chain.failures[0][0] == "nominatim"
    assert chain.geocode(UNKNOWN) is None
    assert len(chain.failures) == 2
    assert len(chain.cache) == 0  # failures are not cached


def test_chain_server_timeout(gazetteer, tmp_path):
    with _Server(delay=1.5) as server:
        chain = build_chain(_settings(gazetteer, tmp_path, f"http://127.0.0.1:{server.port}",
                                      GEO_GEOCODERS="nominatim,offline", GEO_GEOCODER_TIMEOUT="0.3"))
        loc = chain.geocode("Kropotkin")
        assert loc.raw["geonameid"] == 540761
        assert len(server.requests) == 1
        assert chain.failures and chain.failures[0][0] == "nominatim"
        assert "Timed" in chain.failures[0][1] or "timed out" in chain.failures[0][1].lower()


def test_chain_reverse_offline(gazetteer):
    chain = GeocoderChain([("offline", OfflineGazetteer(gazetteer))])
    assert chain.reverse((45.44, 40.57)).raw["name"] == "Kropotkin"


def test_sqlite_cache_roundtrip(tmp_path):
    cache = SqliteCache(tmp_path / "c.sqlite")
    assert cache.get("nominatim", "x") is SqliteCache.MISS
    cache.set("nominatim", "none", None)
    assert cache.get("nominatim", "none") is None
    from geopy.point import Point

    cache.set("photon", "q", [Location("A", Point(1, 2), {"k": "v"})])
    got = cache.get("photon", "q")
    assert got[0].address == "A" and got[0].latitude == 1 and got[0].raw == {"k": "v"}
    assert len(cache) == 2


def test_build_chain_defaults_to_offline(gazetteer):
    chain = build_chain({"GEO_GAZETTEER": str(gazetteer.path)})
    assert chain.names == ["offline"] and chain.cache is None
    assert chain.geocode("Moscou").raw["country"] == "RU"


@pytest.mark.parametrize(
    "settings, variable",
    [
        ({"GEO_GEOCODERS": "offline,google"}, "GEO_GEOCODERS"),
        ({"GEO_GEOCODERS": " , "}, "GEO_GEOCODERS"),
        ({"GEO_GEOCODERS": "nominatim", "GEO_NOMINATIM_URL": "127.0.0.1:8080"}, "GEO_NOMINATIM_URL"),
        ({"GEO_GEOCODERS": "photon", "GEO_PHOTON_URL": "ftp://x"}, "GEO_PHOTON_URL"),
        ({"GEO_GEOCODER_TIMEOUT": "soon"}, "GEO_GEOCODER_TIMEOUT"),
        ({"GEO_GEOCODER_TIMEOUT": "-1"}, "GEO_GEOCODER_TIMEOUT"),
    ],
)
def test_build_chain_bad_settings(gazetteer, settings, variable):
    with pytest.raises(SettingsError, match=variable):
        build_chain({"GEO_GAZETTEER": str(gazetteer.path), **settings})
