"""Every pattern in the API document admits the values it is meant for.

A pattern that matches nothing the API accepts (a YAML folded scalar that adds a newline, a class
that lost a range) makes the document refuse every good request, and the generated requests then
test nothing. So each string schema with a `pattern` carries `examples` of values the API accepts,
and each must match its pattern and lengths, as JSON Schema counts them (code points). The contract
test sends these examples too (Schemathesis' examples phase).

    patterns.py docs/openapi.yaml
"""
import sys

import regex
import yaml


def string_schemas_with_a_pattern(node, where="#"):
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield where, node
        for key, value in node.items():
            yield from string_schemas_with_a_pattern(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from string_schemas_with_a_pattern(value, f"{where}/{index}")


def problems_of(where, schema):
    examples = schema.get("examples") or ([schema["example"]] if "example" in schema else [])
    if not examples:
        yield f"{where}: a pattern with no examples to check it against"
    try:
        pattern = regex.compile(schema["pattern"])
    except regex.error as error:
        yield f"{where}: the pattern does not compile ({error})"
        return
    for example in examples:
        if not isinstance(example, str):
            yield f"{where}: example {example!r} is not a string"
        elif not pattern.search(example):
            yield f"{where}: the pattern refuses its own example {example!r}"
        elif not schema.get("minLength", 0) <= len(example) <= schema.get("maxLength", len(example)):
            yield f"{where}: example {example!r} is outside minLength/maxLength"


def main(path):
    with open(path, encoding="utf-8") as document:
        api = yaml.safe_load(document)
    checked, problems = 0, []
    for where, schema in string_schemas_with_a_pattern(api):
        checked += 1
        problems.extend(problems_of(where, schema))
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"patterns: {checked} checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
