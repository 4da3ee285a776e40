"""Every link in the API document leads somewhere: the operation it names exists, each parameter it fills is one
that operation takes, and each value it reads is one the answer (or the request) declares.

A link is what a reader or a generator follows from an answer to the next call (a session's token to the profile,
a profile's ETag to its If-Match); one that names a renamed operation or a field the answer no longer has would
send them to nothing, and no request the contract test sends would show it.

    links.py docs/openapi.yaml
"""
import re
import sys

import yaml

METHODS = ("get", "put", "post", "delete", "patch")


def follow(api, node):
    """The node a $ref points at (local references only, as this document uses)."""
    while isinstance(node, dict) and "$ref" in node:
        target = api
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def parameters_of(api, path_item, operation):
    """(location, name) of every parameter an operation takes."""
    declared = [follow(api, p) for p in path_item.get("parameters", []) + operation.get("parameters", [])]
    return {(p["in"], p["name"].lower() if p["in"] == "header" else p["name"]) for p in declared}


def takes_parameter(takes, key):
    """A link's parameter key, "If-Match" or "path.profileId", names one of the operation's parameters."""
    location, _, name = key.rpartition(".")
    return any((not location or location == in_) and declared == (name.lower() if in_ == "header" else name)
               for in_, declared in takes)


def schema_has(api, schema, pointer):
    """Whether a JSON pointer into a body names a property its schema declares."""
    for part in [p for p in pointer.split("/") if p]:
        schema = follow(api, schema)
        options = [follow(api, s) for s in schema.get("oneOf", schema.get("anyOf", []))] or [schema]
        found = [o["properties"][part] for o in options if part in o.get("properties", {})]
        if not found:
            return False
        schema = found[0]
    return True


def problems_of(api):
    operations = {}
    for path, item in api["paths"].items():
        for method in METHODS:
            if method in item and "operationId" in item[method]:
                operations[item[method]["operationId"]] = (path, item, item[method])
    for path, item in api["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            source = item[method]
            for status, response in source.get("responses", {}).items():
                response = follow(api, response)
                for name, link in response.get("links", {}).items():
                    where = f"{method.upper()} {path} {status} links/{name}"
                    if link.get("operationId") not in operations:
                        yield f"{where}: no operation {link.get('operationId')!r}"
                        continue
                    target_path, target_item, target = operations[link["operationId"]]
                    takes = parameters_of(api, target_item, target)
                    for parameter, expression in link.get("parameters", {}).items():
                        if not takes_parameter(takes, parameter):
                            yield f"{where}: {link['operationId']} takes no parameter {parameter!r}"
                        yield from value_problems(api, where, expression, item, source, response)


def value_problems(api, where, expression, path_item, source, response):
    if m := re.fullmatch(r"\$response\.body#(/.*)", expression):
        bodies = [c.get("schema", {}) for c in response.get("content", {}).values()]
        if not any(schema_has(api, body, m.group(1)) for body in bodies):
            yield f"{where}: the answer declares no {m.group(1)}"
    elif m := re.fullmatch(r"\$response\.header\.(.+)", expression):
        if m.group(1).lower() not in {h.lower() for h in response.get("headers", {})}:
            yield f"{where}: the answer declares no header {m.group(1)}"
    elif m := re.fullmatch(r"\$request\.path\.(.+)", expression):
        if ("path", m.group(1)) not in parameters_of(api, path_item, source):
            yield f"{where}: the request has no path parameter {m.group(1)}"
    else:
        yield f"{where}: {expression!r} is not a value this check knows"


def main(path):
    with open(path, encoding="utf-8") as document:
        api = yaml.safe_load(document)
    problems = list(problems_of(api))
    for problem in problems:
        print(problem, file=sys.stderr)
    links = sum(len(follow(api, r).get("links", {})) for item in api["paths"].values() for m in METHODS if m in item
                for r in item[m].get("responses", {}).values())
    print(f"links: {links} checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
