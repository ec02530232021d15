// Each view reaches cytoscape.js here, not through the Cytoscape component's `elements` prop.
// For a 1,000-node view (5,700 elements) that prop path cost 1.5 s in the browser, profiled:
// deep comparisons of the old and new element lists, a bounding box of every element computed
// on each change (dash-cytoscape's graphOutOfView), and dash-cytoscape echoing every element
// back as a prop after each addition (its 'add'/'remove'/'dragfree' listeners, removed here).
// Elements are replaced only when the view's key changes, the viewport fitted to them; then the
// styles apply and the selected actor is centred. dash-cytoscape keeps its cytoscape.js instance in
// `_cyreg`; the graph tab is remounted when it is shown again, hence the tab input.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    vita: {
        // dashboard/app.py: Input graph-view, graph-style, tabs -> Output graph-drawn
        draw: function (view, style, tab) {
            // cy.fit() measures every element, labels included (0.6 s for 5,700 elements): the
            // positions are known, so the viewport is computed from them
            const fitted = function(elements, width, height, cy) {
                let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
                for (const e of elements) {
                    if (!e.position) { continue; }
                    x1 = Math.min(x1, e.position.x); x2 = Math.max(x2, e.position.x);
                    y1 = Math.min(y1, e.position.y); y2 = Math.max(y2, e.position.y);
                }
                if (x1 === Infinity) { return {zoom: 1, pan: {x: width / 2, y: height / 2}}; }
                const margin = 40;   // node size and labels
                const zoom = Math.max(cy.minZoom(), Math.min(cy.maxZoom(), 1.5,
                    width / (x2 - x1 + 2 * margin), height / (y2 - y1 + 2 * margin)));
                return {zoom: zoom, pan: {x: width / 2 - zoom * (x1 + x2) / 2,
                                          y: height / 2 - zoom * (y1 + y2) / 2}};
            };
            if (tab !== 'graphe' || !view) { return window.dash_clientside.no_update; }
            let tries = 0;
            const draw = function() {
                const holder = document.getElementById('graph');
                const cy = holder && holder._cyreg && holder._cyreg.cy;
                if (!cy) { if (tries++ < 100) { setTimeout(draw, 30); } return; }
                let seen = cy.scratch('_vita');
                if (!seen) {
                    cy.off('add'); cy.off('remove'); cy.off('dragfree');
                    seen = {key: null};
                    cy.scratch('_vita', seen);
                }
                const fresh = view.key !== seen.key;
                cy.batch(function() {
                    if (fresh) {
                        cy.viewport(fitted(view.elements, cy.width(), cy.height(), cy));
                        cy.elements().remove(); cy.add(view.elements); seen.key = view.key;
                    }
                    if (style) { cy.style(style.stylesheet); }
                });
                const node = style && style.actor ? cy.getElementById(style.actor) : null;
                if (node && node.length) {
                    cy.animate({center: {eles: node}, zoom: Math.max(cy.zoom(), 1)}, {duration: 300});
                }
            };
            draw();
            return window.dash_clientside.no_update;
        },
    },
});
