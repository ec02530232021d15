// The pickers list what the server found (graph/search.py: accents, case, hyphens, apostrophes,
// acronyms and aliases forgiven). Mantine's own filter would drop those options again, as
// dcc.Dropdown's did ("isere" hiding "Isère"): this one keeps them all, up to the limit.
window.dashMantineFunctions = Object.assign({}, window.dashMantineFunctions, {
    serverFiltered: function ({options, limit}) {
        return limit ? options.slice(0, limit) : options;
    },
});
