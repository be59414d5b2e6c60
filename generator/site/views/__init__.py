"""View models: everything the pages show, computed in Python so the templates only format.

One module per page concern. `roadmap` is the roadmap every page sees (built once, then
projected per edition by `editions.project`); the others build what their pages add:
`home`, `leadership`, `initiatives` (progress and delivery), `okrs`, `kpis`, `reviews`,
`calendar`, `teams`, `current_state` and `changelog`. `site.pages` puts them together
into the page table.
"""
