// GraphiQL for Pointsmall: the page's start-up code, a file so the page needs no inline script.
// Queries go to the page's own URL; headers (Authorization: Bearer ...) are kept by GraphiQL.
(function () {
  "use strict";
  var EXAMPLE = [
    "# Pointsmall's GraphQL API. Put a token in the Headers tab:",
    '#   {"Authorization": "Bearer <staff, member or operator token, or an API key>"}',
    "# and run with Ctrl-Enter. `viewer` tells who you are.",
    "",
    "query Viewer {",
    "  viewer {",
    "    kind",
    "    role",
    "    tenant { slug name currency { code } }",
    "  }",
    "}",
    "",
  ].join("\n");
  var url = window.location.href.split("?")[0];
  var fetcher = GraphiQL.createFetcher({ url: url });
  var explorer = GraphiQLPluginExplorer.explorerPlugin();
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: EXAMPLE,
      plugins: [explorer],
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
      inputValueDeprecation: true,
    })
  );
})();
