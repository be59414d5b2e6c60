"""Files written for the people who keep a roadmap.

`new` starts one data file (`roadmap new ...`), `init` a whole repository from
`skeleton/` (`roadmap init`), and `schemas` writes the editor schemas and makes every
`$schema` line those files start with.
"""
