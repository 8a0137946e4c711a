#!/bin/sh
# Fetch GraphiQL's browser assets again from the npm registry into static/ (see NOTICE.md),
# refusing any file whose SHA-384 differs from the integrity attribute in graphiql.html.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

npm pack --silent react@18.2.0 react-dom@18.2.0 graphiql@3.8.3 @graphiql/plugin-explorer@1.0.2 >/dev/null
for archive in *.tgz; do
  mkdir "${archive%.tgz}"
  tar -xzf "$archive" -C "${archive%.tgz}"
done

copy() {  # copy SOURCE NAME: put one file in static/ after checking its sum
  sum="sha384-$(openssl dgst -sha384 -binary "$1" | base64 | tr -d '\n')"
  if ! grep -q "href=\"graphiql/$2\"\|src=\"graphiql/$2\"" "$here/graphiql.html"; then
    echo "graphiql.html does not name $2" >&2
    exit 1
  fi
  if ! grep -A1 "graphiql/$2\"" "$here/graphiql.html" | grep -q "integrity=\"$sum\""; then
    echo "$2 from npm does not match its integrity attribute in graphiql.html" >&2
    exit 1
  fi
  cp "$1" "$here/static/$2"
}

copy react-18.2.0/package/umd/react.production.min.js react.production.min.js
copy react-dom-18.2.0/package/umd/react-dom.production.min.js react-dom.production.min.js
copy graphiql-3.8.3/package/graphiql.min.js graphiql.min.js
copy graphiql-3.8.3/package/graphiql.min.css graphiql.min.css
copy graphiql-plugin-explorer-1.0.2/package/dist/index.umd.js graphiql-plugin-explorer.umd.js
copy graphiql-plugin-explorer-1.0.2/package/dist/style.css graphiql-plugin-explorer.css
cp react-18.2.0/package/LICENSE "$here/licenses/react.LICENSE"
cp react-dom-18.2.0/package/LICENSE "$here/licenses/react-dom.LICENSE"
cp graphiql-3.8.3/package/LICENSE "$here/licenses/graphiql.LICENSE"
cp graphiql-3.8.3/package/LICENSE "$here/licenses/graphiql-plugin-explorer.LICENSE"
echo "GraphiQL assets fetched into $here/static"
