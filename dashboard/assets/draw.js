// Each view reaches cytoscape.js here, not through the Cytoscape component's `elements` prop.
// For a 1,000-node view (5,700 elements) that prop path cost 1.5 s in the browser, profiled:
// deep comparisons of the old and new element lists, a bounding box of every element computed
// on each change (dash-cytoscape's graphOutOfView), and dash-cytoscape echoing every element
// back as a prop after each addition (its 'add'/'remove'/'dragfree' listeners, removed here).
// Elements are replaced only when the view's key changes, the viewport fitted to them; then the
// styles apply, the labels are chosen for the zoom (level of detail, dashboard/labels.py) and the
// selected actor's neighbourhood is brought forward (focus). dash-cytoscape keeps its cytoscape.js instance in
// `_cyreg`; the graph tab is remounted when it is shown again, hence the tab input.
let sideRevealed = false;   // the left column is drawn once per page (vita.reveal)
const LABEL_PX = 12;   // labels keep this size on screen at any zoom (dashboard/labels.py)

function vitaCy() {
    const holder = document.getElementById('graph');
    return holder && holder._cyreg && holder._cyreg.cy;
}

// cy.fit() measures every element, labels included (0.6 s for 5,700 elements): the
// positions are known, so the viewport is computed from them (same formula as labels.py)
function fittedViewport(elements, fullWidth, height, cy) {
    // the legend lies over the graph's left side: the view is fitted beside it
    const legend = document.getElementById('legend-holder');
    const left = legend && legend.offsetWidth ? legend.offsetLeft + legend.offsetWidth : 0;
    const width = Math.max(fullWidth - left, fullWidth / 2);
    let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    for (const e of elements) {
        if (!e.position) { continue; }
        x1 = Math.min(x1, e.position.x); x2 = Math.max(x2, e.position.x);
        y1 = Math.min(y1, e.position.y); y2 = Math.max(y2, e.position.y);
    }
    if (x1 === Infinity) { return {zoom: 1, pan: {x: fullWidth / 2, y: height / 2}}; }
    const margin = 40;   // node size and labels
    const zoom = Math.max(cy.minZoom(), Math.min(cy.maxZoom(), 1.5,
        width / (x2 - x1 + 2 * margin), height / (y2 - y1 + 2 * margin)));
    return {zoom: zoom, pan: {x: fullWidth - width / 2 - zoom * (x1 + x2) / 2,
                              y: height / 2 - zoom * (y1 + y2) / 2}};
}

// Labels at a constant screen size; level k shows from 2^k times the zoom the levels were
// computed for (the view's `fit`, dashboard/labels.py): no two shown labels overlap.
function applyLabels(cy) {
    const seen = cy.scratch('_vita');
    if (!seen || !seen.fit) { return; }
    const zoom = cy.zoom();
    const level = Math.floor(Math.log2(zoom / seen.fit) + 0.02);
    const size = LABEL_PX / zoom;
    if (seen.level === level && Math.abs((seen.size || 0) - size) < 1e-3 * size) { return; }
    cy.batch(function () {
        if (seen.level !== level) {   // only the nodes that change are restyled
            const want = cy.nodes().filter(n => n.data('lod') <= level);
            cy.nodes('.labelled').difference(want).removeClass('labelled');
            want.not('.labelled').addClass('labelled');
            seen.level = level;
        }
        // the view's stylesheet, then the label size for this zoom
        cy.style((seen.stylesheet || []).concat([{selector: 'node', style: {
            'font-size': size, 'text-margin-y': 2 / zoom, 'text-background-padding': 1 / zoom}}]));
        seen.size = size;
    });
}

function focusOn(cy, actor) {
    cy.batch(function () {
        cy.elements('.dimmed').removeClass('dimmed');
        const node = actor ? cy.getElementById(actor) : null;
        if (node && node.length) {
            cy.elements().not(node.closedNeighborhood()).addClass('dimmed');
        }
    });
}

function showTooltip(cy, event, text) {
    const tip = document.getElementById('graph-tooltip');
    if (!tip) { return; }
    if (!text) { tip.style.display = 'none'; return; }
    tip.textContent = text;
    tip.style.left = (event.renderedPosition.x + 14) + 'px';
    tip.style.top = (event.renderedPosition.y + 10) + 'px';
    tip.style.display = 'block';
}

function listen(cy, seen, style) {
    if (seen.listening) { return; }
    seen.listening = true;
    let pending = false;
    cy.on('zoom', function () {
        if (pending) { return; }
        pending = true;
        requestAnimationFrame(function () { pending = false; applyLabels(cy); });
    });
    cy.on('mouseover', 'node', function (e) { showTooltip(cy, e, e.target.data('hover')); });
    cy.on('mouseover', 'edge', function (e) {
        const types = (cy.scratch('_vita').tieLabels || {});
        const rel = (e.target.classes().find(c => c.startsWith('rel-')) || '').slice(4);
        const ends = e.target.source().data('label') + ' → ' + e.target.target().data('label');
        showTooltip(cy, e, (types[rel] || rel) + ' : ' + ends);
    });
    cy.on('mouseout pan zoom', function (e) { showTooltip(cy, e, null); });
}

window.dash_clientside = Object.assign({}, window.dash_clientside, {
    vita: {
        // dashboard/app.py: Input graph-view, graph-style, tabs, State first-view -> Output
        // graph-drawn; until a view is sent, the one the page came with is drawn (the graph tab
        // is remounted when shown again)
        draw: function (sent, style, tab, first) {
            const view = sent || first;
            if (tab !== 'graphe' || !view) { return window.dash_clientside.no_update; }
            let tries = 0;
            const draw = function() {
                const cy = vitaCy();
                if (!cy) { if (tries++ < 100) { setTimeout(draw, 30); } return; }
                let seen = cy.scratch('_vita');
                if (!seen) {
                    cy.off('add'); cy.off('remove'); cy.off('dragfree');
                    seen = {key: null};
                    cy.scratch('_vita', seen);
                }
                listen(cy, seen);
                cy.resize();   // the tab may have been hidden
                const fresh = view.key !== seen.key;
                cy.batch(function() {
                    if (fresh) {
                        const fit = fittedViewport(view.elements, cy.width(), cy.height(), cy);
                        cy.viewport(fit);
                        seen.fit = view.fit || fit.zoom; seen.elements = view.elements;
                        cy.elements().remove(); cy.add(view.elements); seen.key = view.key;
                    }
                    if (style) { seen.stylesheet = style.stylesheet; seen.tieLabels = style.ties; }
                    seen.level = null; seen.size = null;
                    applyLabels(cy);
                });
                focusOn(cy, style && style.actor);
                const node = style && style.actor ? cy.getElementById(style.actor) : null;
                if (node && node.length && !fresh) {
                    cy.animate({center: {eles: node}}, {duration: 250});
                }
            };
            draw();
            return view.key;
        },
        // Input graph-drawn -> Output side-deferred's value: the left column is drawn two
        // frames after the graph's first view (the page's own, or the first one sent)
        reveal: function (drawn) {
            if (!drawn || sideRevealed) { return window.dash_clientside.no_update; }
            sideRevealed = true;
            requestAnimationFrame(() => requestAnimationFrame(() =>
                window.dash_clientside.set_props('side-deferred', {value: 'shown'})));
            return window.dash_clientside.no_update;
        },
        // Input notice, State graph-view, first-view -> Output side-deferred's value: at once
        // when the view callback answered with no view to draw (the store is down)
        revealWithoutView: function (notice, sent, first) {
            if (sent || first || sideRevealed) { return window.dash_clientside.no_update; }
            sideRevealed = true;
            return 'shown';
        },
        // Input first-view, State graph-style -> Output graph-drawn: the page's first view
        drawFirst: function (first, style) {
            return window.dash_clientside.vita.draw(null, style, 'graphe', first);
        },
        // Input searchValue, State value, data -> Output {picker}-typed: what was typed, or
        // nothing when the picker merely shows the label of its chosen option (on arrival,
        // after a choice): the server is not asked for options the picker already has
        typed: function (search, value, data) {
            const chosen = (data || []).find(o => o.value === value);
            if ((search || '') === (chosen ? chosen.label : '')) {
                return window.dash_clientside.no_update;
            }
            return search || '';
        },
        // Input history -> Output history-done: small changes replace the browser's entry
        history: function (entry) {
            if (!entry) { return window.dash_clientside.no_update; }
            const url = (entry.query || window.location.pathname);
            if (url !== window.location.search || entry.query === '') {
                if (entry.replace) { window.history.replaceState({}, '', url); }
                else { window.history.pushState({}, '', url); }
                // dcc.Location reads the address again, so that Back and Forward are noticed
                window.dispatchEvent(new CustomEvent('_dashprivate_pushstate'));
            }
            return window.dash_clientside.no_update;
        },
        // Input zoom-in, zoom-out, zoom-fit -> Output zoom-done
        zoom: function () {
            const cy = vitaCy();
            const seen = cy && cy.scratch('_vita');
            if (!cy || !seen) { return window.dash_clientside.no_update; }
            const which = window.dash_clientside.callback_context.triggered_id;
            const centre = {x: cy.width() / 2, y: cy.height() / 2};
            if (which === 'zoom-fit') {
                cy.animate({viewport: fittedViewport(seen.elements || [], cy.width(),
                                                     cy.height(), cy)}, {duration: 250});
            } else {
                const factor = which === 'zoom-in' ? 1.5 : 1 / 1.5;
                cy.animate({zoom: {level: cy.zoom() * factor, renderedPosition: centre}},
                           {duration: 200});
            }
            return window.dash_clientside.no_update;
        },
        // Input image-request -> Output image-done: a PNG at twice the resolution, with the
        // view's title above, the legend beside, the source below
        exportImage: function (request) {
            const cy = vitaCy();
            if (!request || !cy) { return window.dash_clientside.no_update; }
            const scale = 2;
            const graph = new Image();
            graph.onload = function () {
                const legendRows = Array.from(document.querySelectorAll('#legend .legend-row'));
                const pad = 16 * scale, titleH = 40 * scale, footH = 30 * scale;
                const legendW = 300 * scale, rowH = 20 * scale;
                const canvas = document.createElement('canvas');
                canvas.width = graph.width + legendW + 2 * pad;
                canvas.height = Math.max(graph.height, legendRows.length * rowH) + titleH + footH;
                const g = canvas.getContext('2d');
                g.fillStyle = '#fff'; g.fillRect(0, 0, canvas.width, canvas.height);
                g.fillStyle = '#1d2433';
                g.font = `600 ${18 * scale}px system-ui, sans-serif`;
                const title = (document.getElementById('view-title') || {}).textContent || '';
                g.fillText(title, pad, 28 * scale);
                g.drawImage(graph, pad, titleH);
                g.font = `${12 * scale}px system-ui, sans-serif`;
                legendRows.forEach(function (row, i) {
                    const img = row.querySelector('img');
                    const y = titleH + i * rowH;
                    const x = graph.width + pad * 1.5;
                    if (img) { g.drawImage(img, x, y, img.width * scale, img.height * scale); }
                    g.fillText(row.textContent, x + 42 * scale, y + 13 * scale);
                });
                g.fillStyle = '#555';
                g.fillText("Source : Recueil d'expériences VITA (COORACE, 2008) — vita, " +
                           window.location.href, pad, canvas.height - 10 * scale);
                const link = document.createElement('a');
                link.download = 'vita-vue.png';
                link.href = canvas.toDataURL('image/png');
                document.body.appendChild(link); link.click(); link.remove();
            };
            // the whole view (not the part the legend covers), within a printable size
            graph.src = cy.png({scale: scale, full: true, bg: '#ffffff', maxWidth: 3600, maxHeight: 2400});
            return window.dash_clientside.no_update;
        },
    },
});
