// ESLint's settings (`make lint` runs it): the recommended rules, for the site's own
// scripts, which are ES modules run in the browser. The libraries in app/static/vendor/
// are copied there from node_modules and are not ours to lint.
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  {ignores: ["app/static/vendor/", "bench/data/", "build/", "node_modules/", ".venv/"]},
  js.configs.recommended,
  {
    files: ["app/static/js/**/*.js"],
    languageOptions: {sourceType: "module", ecmaVersion: "latest", globals: globals.browser}
  },
  {
    files: ["eslint.config.js"],
    languageOptions: {sourceType: "commonjs", globals: globals.node}
  }
];
