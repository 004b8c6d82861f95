/* The map's event layer: draws compact event columns sent by geo.mapview, one marker per event, or grid
   clusters when there are many (recomputed on each move, so 100,000 events stay fast).
   Every string in the data was HTML-escaped in Python; this file only concatenates them. */
(function () {
  "use strict";

  // A CircleMarker drawn as a triangle, square or diamond on the canvas (hit-testing stays the circle's).
  var ShapeMarker = L.CircleMarker.extend({
    _updatePath: function () {
      if (this._renderer._updateShape) { this._renderer._updateShape(this); }
      else { this._renderer._updateCircle(this); }
    }
  });
  L.Canvas.include({
    _updateShape: function (layer) {
      if (!this._drawing || layer._empty()) { return; }
      var p = layer._point, ctx = this._ctx, r = Math.max(Math.round(layer._radius), 1);
      var shape = layer.options.shape;
      ctx.beginPath();
      if (shape === "triangle") {
        ctx.moveTo(p.x, p.y - r * 1.25); ctx.lineTo(p.x + r * 1.1, p.y + r * 0.75);
        ctx.lineTo(p.x - r * 1.1, p.y + r * 0.75); ctx.closePath();
      } else if (shape === "square") {
        ctx.rect(p.x - r * 0.85, p.y - r * 0.85, r * 1.7, r * 1.7);
      } else if (shape === "diamond") {
        ctx.moveTo(p.x, p.y - r * 1.2); ctx.lineTo(p.x + r * 1.2, p.y);
        ctx.lineTo(p.x, p.y + r * 1.2); ctx.lineTo(p.x - r * 1.2, p.y); ctx.closePath();
      } else {
        ctx.arc(p.x, p.y, r, 0, Math.PI * 2, false);
      }
      this._fillStroke(ctx, layer);
    }
  });

  function tooltip(d, i) {
    // The trailing "ev:<id>" is how a click is mapped back to its event (geo.mapview.event_id_from_tooltip).
    var flag = d.s[i] >= 4 ? " · <span class='ge-warn'>uncertain</span>" : "";
    var names = d.typeNames || d.types;
    return "<b>" + d.places[d.p[i]] + "</b> · " + d.dates[d.d[i]] + " · " + names[d.t[i]] + flag +
      " <span class='ge-id'>ev:" + d.id[i] + "</span>";
  }

  function marker(d, o, i, selected) {
    var type = o.styles[d.types[d.t[i]]] || o.styles.other;
    var prec = o.precision[d.s[i] % 4];
    var uncertain = d.s[i] >= 4;
    var opts = {
      shape: type.shape, radius: prec.radius, fill: true, fillColor: type.color,
      fillOpacity: prec.fill, color: uncertain ? o.uncertain.color : type.color,
      weight: prec.weight, dashArray: uncertain ? o.uncertain.dash : null, bubblingMouseEvents: false
    };
    if (selected) {
      opts.radius += 4; opts.weight = 3; opts.color = o.selected.color; opts.dashArray = null;
    }
    return new ShapeMarker([d.lat[i], d.lon[i]], opts).bindTooltip(tooltip(d, i), {sticky: false});
  }

  function clusterMarker(lat, lon, count, typeCounts, d, o) {
    var best = 0;
    for (var k = 1; k < typeCounts.length; k++) { if (typeCounts[k] > typeCounts[best]) { best = k; } }
    var color = (o.styles[d.types[best]] || o.styles.other).color;
    var size = Math.round(22 + 7 * Math.log10(count));
    var label = count >= 10000 ? Math.round(count / 1000) + "k"
      : count >= 1000 ? (count / 1000).toFixed(1) + "k" : count;
    var parts = [];
    for (k = 0; k < typeCounts.length; k++) {
      if (typeCounts[k]) { parts.push(typeCounts[k].toLocaleString() + " " + d.types[k]); }
    }
    var icon = L.divIcon({
      className: "ge-cluster-icon", iconSize: [size, size],
      html: "<div class='ge-cluster' style='border-color:" + color + ";width:" + size + "px;height:" + size +
        "px;line-height:" + (size - 4) + "px'>" + label + "</div>"
    });
    return L.marker([lat, lon], {icon: icon, keyboard: false})
      .bindTooltip(count.toLocaleString() + " events: " + parts.join(", ") + " — click to zoom in");
  }

  function draw(group, d, o) {
    var points = L.featureGroup().addTo(group);   // clicks bubble to the group streamlit-folium listens to
    var clusters = L.layerGroup().addTo(group);   // a LayerGroup does not bubble: cluster clicks only zoom
    var n = d.id.length, map = null, timer = null;
    for (var j = 0; j < n; j++) { d.lat[j] /= d.scale; d.lon[j] /= d.scale; }
    group.geoEvents = {count: n, clustered: d.cluster, points: points, clusters: clusters};

    if (!d.cluster) {
      for (var i = 0; i < n; i++) { if (i !== d.sel) { points.addLayer(marker(d, o, i, false)); } }
      if (d.sel >= 0) { points.addLayer(marker(d, o, d.sel, true)); }
      if (group._map) { frame(group._map, d); }
      group.on("add", function (e) { frame(e.target._map, d); });
      return;
    }

    // Web-Mercator x, y in [0, 1], computed once.
    var mx = new Float64Array(n), my = new Float64Array(n);
    for (i = 0; i < n; i++) {
      var s = Math.sin(d.lat[i] * Math.PI / 180);
      s = Math.max(Math.min(s, 0.9999), -0.9999);
      mx[i] = d.lon[i] / 360 + 0.5;
      my[i] = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
    }

    function redraw() {
      if (!map) { return; }
      points.clearLayers(); clusters.clearLayers();
      var z = map.getZoom(), scale = 256 * Math.pow(2, z), cell = o.cell;
      var b = map.getBounds().pad(0.25);
      var west = b.getWest() / 360 + 0.5, east = b.getEast() / 360 + 0.5;
      var sn = Math.max(Math.min(Math.sin(b.getNorth() * Math.PI / 180), 0.9999), -0.9999);
      var ss = Math.max(Math.min(Math.sin(b.getSouth() * Math.PI / 180), 0.9999), -0.9999);
      var north = 0.5 - Math.log((1 + sn) / (1 - sn)) / (4 * Math.PI);
      var south = 0.5 - Math.log((1 + ss) / (1 - ss)) / (4 * Math.PI);
      var cells = new Map(), inView = 0, nt = d.types.length;
      for (var i = 0; i < n; i++) {
        var x = mx[i], y = my[i];
        if (x < west || x > east || y < north || y > south) { continue; }
        inView++;
        var key = Math.floor(x * scale / cell) * 4194304 + Math.floor(y * scale / cell);
        var c = cells.get(key);
        if (!c) { c = {n: 0, lat: 0, lon: 0, first: i, types: new Array(nt).fill(0)}; cells.set(key, c); }
        c.n++; c.lat += d.lat[i]; c.lon += d.lon[i]; c.types[d.t[i]]++;
      }
      if (inView <= o.maxPoints || z >= o.pointZoom) {
        // Few enough in view: every one of them as its own marker.
        for (i = 0; i < n; i++) {
          if (i === d.sel || mx[i] < west || mx[i] > east || my[i] < north || my[i] > south) { continue; }
          points.addLayer(marker(d, o, i, false));
        }
      } else {
        cells.forEach(function (c) {
          if (c.n === 1) {
            if (c.first !== d.sel) { points.addLayer(marker(d, o, c.first, false)); }
            return;
          }
          var m = clusterMarker(c.lat / c.n, c.lon / c.n, c.n, c.types, d, o);
          m.on("click", function () { map.setView(m.getLatLng(), Math.min(z + 2, o.pointZoom)); });
          clusters.addLayer(m);
        });
      }
      if (d.sel >= 0) { points.addLayer(marker(d, o, d.sel, true)); }
      group.geoEvents.inView = inView;
    }

    function schedule() { if (timer) { clearTimeout(timer); } timer = setTimeout(redraw, 30); }
    function start(m) {
      map = m; map.on("moveend", schedule);
      frame(map, d);
      // Deferred: streamlit-folium binds its click handler to every layer present right after this script;
      // cluster markers must not get it (their clicks zoom, they do not select).
      setTimeout(redraw, 0);
    }
    group.on("add", function (e) { if (!map) { start(e.target._map); } });
    group.on("remove", function () { if (map) { map.off("moveend", schedule); } map = null; });
    if (group._map) { start(group._map); }
  }

  // The database's grid (geo.mapview.grid_layer): one count badge per cell, busiest first; a click zooms to the
  // cell, and the page answers the new view with finer cells, then with the events themselves.
  function cells(group, d, o) {
    var points = L.featureGroup().addTo(group);
    var clusters = L.layerGroup().addTo(group);   // does not bubble: a badge click zooms, it selects nothing
    group.geoEvents = {count: d.n.length, clustered: true, grid: true, points: points, clusters: clusters};
    var map = null;
    function badge(i) {
      var n = d.n[i], size = Math.round(22 + 7 * Math.log10(n));
      var label = n >= 10000 ? Math.round(n / 1000) + "k" : n >= 1000 ? (n / 1000).toFixed(1) + "k" : n;
      var icon = L.divIcon({
        className: "ge-cluster-icon", iconSize: [size, size],
        html: "<div class='ge-cluster ge-grid' style='width:" + size + "px;height:" + size + "px;line-height:" +
          (size - 4) + "px'>" + label + "</div>"
      });
      var m = L.marker([d.lat[i], d.lon[i]], {icon: icon, keyboard: false})
        .bindTooltip(d.tip.replace("&#123;count&#125;", n.toLocaleString()));
      var box = d.box[i];
      m.on("click", function () {
        map.fitBounds([[box[0], box[1]], [box[2], box[3]]], {maxZoom: Math.max(map.getZoom() + 1, 6)});
      });
      return m;
    }
    function start(m) {
      map = m;
      frame(map, d);
      // Deferred, as in draw(): streamlit-folium's click handler must not be bound to the badges.
      setTimeout(function () { for (var i = 0; i < d.n.length; i++) { clusters.addLayer(badge(i)); } }, 0);
    }
    group.on("add", function (e) { if (!map) { start(e.target._map); } });
    group.on("remove", function () { map = null; });
    if (group._map) { start(group._map); }
  }

  // Frame the events at the map's real size, clear of the legend; only when the box changed (a new filter),
  // never on a rerun that only selects an event (the reader's pan and zoom stay).
  function frame(map, d) {
    if (!d.fit) { return; }
    var key = JSON.stringify(d.fit);
    if (window.__geoFitted === key) { return; }
    window.__geoFitted = key;
    var tries = 0;
    (function attempt() {
      // The iframe starts at height 0 and grows: fit only once the map has its real size.
      map.invalidateSize(false);
      var size = map.getSize();
      if ((size.x < 120 || size.y < 120) && tries++ < 100) { setTimeout(attempt, 50); return; }
      var legend = map.getContainer().querySelector(".ge-legend");
      var right = legend ? Math.min(legend.offsetWidth + 16, size.x / 3) : 16;
      map.fitBounds(d.fit, {paddingTopLeft: [24, 24], paddingBottomRight: [right, 24], maxZoom: d.fitMax,
                            animate: false});
    })();
  }

  function outlines(map, data, style) {
    // Under the tile panes (z-index 200): online tiles cover it; offline, it is the map.
    var pane = map.createPane("ge-outlines");
    pane.style.zIndex = 150;
    pane.style.pointerEvents = "none";
    setTimeout(function () {
      L.geoJSON(data, {pane: "ge-outlines", interactive: false, style: style}).addTo(map);
    }, 0);
  }

  // The offline basemap: Natural Earth layers fetched from /app/static/basemap once each, when the zoom first
  // needs them (countries at once; regions, rivers, finer coasts and labels as the reader zooms in). `group` is
  // the base layer the layer control offers beside the online tiles; everything is drawn inside it.
  var PANES = {land: 150, water: 152, lines: 155, labels: 390};   // labels above tiles, under markers (400)

  function basemap(group, base, layers, lang) {
    var map = null, loaded = {}, shapes = [], labelData = [];
    var labels = L.layerGroup().addTo(group);

    function showLabels() {
      labels.clearLayers();
      if (!map) { return; }
      // Biggest first; a label that would overlap one already placed is left out (no pile of names).
      var z = map.getZoom(), b = map.getBounds().pad(0.1), placed = [], n = 0;
      for (var i = 0; i < labelData.length && n < 250; i++) {
        var f = labelData[i];
        if (z < f.min || z > f.max || !b.contains([f.lat, f.lon])) { continue; }
        var p = map.latLngToContainerPoint([f.lat, f.lon]);
        var w = f.width / 2 + 4, h = 9;
        var clash = false;
        for (var k = 0; k < placed.length && !clash; k++) {
          var q = placed[k];
          clash = Math.abs(q.x - p.x) < q.w + w && Math.abs(q.y - p.y) < q.h + h;
        }
        if (clash) { continue; }
        placed.push({x: p.x, y: p.y, w: w, h: h});
        n++;
        labels.addLayer(L.marker([f.lat, f.lon], {
          pane: "ge-labels", interactive: false, keyboard: false,
          icon: L.divIcon({className: "ge-label ge-label-" + f.key, html: f.html, iconSize: null})
        }));
      }
    }

    function load(layer) {
      loaded[layer.file] = true;
      fetch(base + "/" + layer.file).then(function (r) { return r.json(); }).then(function (data) {
        if (layer.kind === "labels") {
          data.features.forEach(function (f) {
            var p = f.properties, text = document.createElement("span");
            text.textContent = (lang && p["name_" + lang]) || p.name;   // textContent: never markup
            labelData.push({lat: f.geometry.coordinates[1], lon: f.geometry.coordinates[0],
                            min: p.z || layer.min, max: layer.max || 99, key: layer.key,
                            rank: layer.rank || 0,
                            width: text.textContent.length * (layer.key === "country" ? 10.5 : 7.2),
                            html: text.outerHTML});
          });
          // Larger places first, so the cap on labels drops the small ones.
          labelData.sort(function (a, b) { return (a.rank - b.rank) || (a.min - b.min); });
        } else {
          var geo = L.geoJSON(data, {pane: "ge-" + layer.pane, interactive: false, style: layer.style});
          geo.band = [layer.min, layer.max || 99];
          shapes.push(geo);
        }
        sync();
      }).catch(function () { /* a missing file leaves the other layers */ });
    }

    function sync() {
      if (!map) { return; }
      var z = map.getZoom();
      layers.forEach(function (layer) {
        if (z >= layer.min && z <= (layer.max || 99) && !loaded[layer.file]) { load(layer); }
      });
      shapes.forEach(function (geo) {
        var on = z >= geo.band[0] && z <= geo.band[1];
        if (on && !group.hasLayer(geo)) { group.addLayer(geo); }
        if (!on && group.hasLayer(geo)) { group.removeLayer(geo); }
      });
      showLabels();
    }

    function start(m) {
      map = m;
      Object.keys(PANES).forEach(function (name) {
        if (!map.getPane("ge-" + name)) {
          var pane = map.createPane("ge-" + name);
          pane.style.zIndex = PANES[name];
          pane.style.pointerEvents = "none";
        }
      });
      map.on("zoomend", sync);
      map.on("moveend", showLabels);
      setTimeout(sync, 200);   // after the events: they are what the reader waits for
    }
    group.on("add", function (e) { if (!map) { start(e.target._map); } else { sync(); } });
    group.on("remove", function () { labels.clearLayers(); });
    if (group._map) { start(group._map); }
  }

  function legend(map, html) {
    var control = L.control({position: "bottomright"});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "ge-legend leaflet-bar");
      div.innerHTML = html;   // built in Python from constants only, no article text
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    control.addTo(map);
  }

  window.GeoEvents = {draw: draw, cells: cells, outlines: outlines, basemap: basemap, legend: legend, ShapeMarker: ShapeMarker};
})();
