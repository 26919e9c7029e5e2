"""Post files: finding them (`walk`), reading one and replacing it safely (`postfile`, `safewrite`), the
front-matter formats (`formats`), and folders of posts as data (`corpus`). Imports nothing else of the
package."""
