"""tests/schema_check.py SCHEMA SOURCE...: checks the JSON Schema that
`vanban schema` writes with a real validator (Debian's python3-jsonschema),
under draft 2020-12 as it declares and under draft 7 as the YAML language
server reads it:

  - the schema is valid under both meta-schemas, uses no keyword that draft 7
    lacks, puts no keyword beside a $ref, and closes every object that names
    its keys (additionalProperties: false);
  - every SOURCE (the good documents) is valid;
  - a key that is not in the format, added to any mapping of the good
    documents (the document, its issuer, a section, a table, a column, the
    fields of a kind ...), is rejected;
  - each source given after --bad is rejected (the bad sources whose fault a
    schema can see).

The YAML is read as libyaml reads it for vanban and as the editor reads it:
the YAML 1.2 core schema (a date stays a string, yes/no/on/off are words).
Prints "N passed, M failed" last; a module that is missing is a failure.
"""
import copy
import json
import re
import sys

import jsonschema
import yaml

passed = 0
failed = 0


def ok():
    global passed
    passed += 1


def no(msg):
    global failed
    failed += 1
    print("FAIL: " + msg)


class CoreLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader with the resolvers of the YAML 1.2 core schema
    in place of YAML 1.1's (no timestamps, no yes/no/on/off, no 0777 octal,
    no 1_000, no sexagesimal)."""


CoreLoader.yaml_implicit_resolvers = {}
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"))
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))


def construct_int(loader, node):
    s = loader.construct_scalar(node)
    if s.startswith("0o"):
        return int(s[2:], 8)
    if s.startswith("0x"):
        return int(s[2:], 16)
    return int(s)


CoreLoader.add_constructor("tag:yaml.org,2002:int", construct_int)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=CoreLoader)


# the loader itself: dates stay strings, only true/false are booleans
probe = yaml.load("a: 2024-07-05\nb: yes\nc: on\nd: true\ne: 012\nf: 1_000\ng: ~\n", Loader=CoreLoader)
if probe == {"a": "2024-07-05", "b": "yes", "c": "on", "d": True, "e": 12, "f": "1_000", "g": None}:
    ok()
else:
    no("the YAML 1.2 core loader reads %r" % probe)

args = sys.argv[1:]
schema_path = args.pop(0)
bad = []
if "--bad" in args:
    i = args.index("--bad")
    args, bad = args[:i], args[i + 1:]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)

VALIDATORS = (jsonschema.Draft202012Validator, jsonschema.Draft7Validator)
for V in VALIDATORS:
    try:
        V.check_schema(schema)
        ok()
    except jsonschema.exceptions.SchemaError as e:
        no("%s: the schema is not valid: %s" % (V.__name__, e.message))

if schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema":
    ok()
else:
    no("the schema does not declare draft 2020-12: %r" % schema.get("$schema"))

# keywords that draft 2020-12 (or 2019-09) has and draft 7 does not
NEW = {"unevaluatedProperties", "unevaluatedItems", "prefixItems", "$dynamicRef", "$dynamicAnchor",
       "dependentRequired", "dependentSchemas", "$anchor", "$recursiveRef", "$recursiveAnchor",
       "minContains", "maxContains", "$vocabulary"}
objects = 0


def walk(node, where, overlay=False):
    """overlay: an if's or a then's schema, which adds to an object closed
    where it is defined"""
    global objects
    if isinstance(node, list):
        for i, x in enumerate(node):
            walk(x, "%s/%d" % (where, i))
        return
    if not isinstance(node, dict):
        return
    for k in NEW & set(node):
        no("%s: '%s' is not a keyword of draft 7" % (where, k))
    if "$ref" in node and len(node) > 1:
        no("%s: keywords beside a $ref, which draft 7 ignores: %s" % (where, sorted(node)))
    if "properties" in node and not overlay:
        objects += 1
        if node.get("additionalProperties") is not False:
            no("%s: an object of named keys without additionalProperties: false" % where)
    for k, v in node.items():
        if k in ("properties", "$defs") and isinstance(v, dict):
            for name, sub in v.items():
                walk(sub, "%s/%s/%s" % (where, k, name))
        elif k not in ("const", "enum", "required"):
            walk(v, "%s/%s" % (where, k), k in ("if", "then"))


walk(schema, "#")
if objects >= 25:
    ok()
else:
    no("only %d objects of named keys in the schema" % objects)


def errors(V, doc):
    return sorted(V(schema).iter_errors(doc), key=lambda e: list(e.absolute_path))


def describe(e):
    return "/".join(str(p) for p in e.absolute_path) + ": " + e.message[:200]


# every good source is valid
docs = []
for path in args:
    doc = load(path)
    docs.append((path, doc))
    for V in VALIDATORS:
        errs = errors(V, doc)
        if errs:
            no("%s: %s rejects it: %s" % (path, V.__name__, "; ".join(describe(e) for e in errs[:3])))
        else:
            ok()

# a key that is not in the format, in every mapping of every good source
UNKNOWN = "khoa_la"


def mappings(node, path):
    if isinstance(node, dict):
        yield path
        for k, v in node.items():
            yield from mappings(v, path + [k])
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from mappings(v, path + [i])


tried = set()
for path, doc in docs:
    for where in mappings(doc, []):
        changed = copy.deepcopy(doc)
        m = changed
        for p in where:
            m = m[p]
        m[UNKNOWN] = "x"
        # the kind of place: the keys that lead to it, list positions left out
        shape = "/".join(str(p) for p in where if not isinstance(p, int)) or "(the document)"
        tried.add(shape)
        for V in VALIDATORS:
            if errors(V, changed):
                ok()
            else:
                no("%s: %s accepts the unknown key '%s' in %s" % (path, V.__name__, UNKNOWN, shape))
# the levels a clerk writes keys at, each tried at least once
for level in ("(the document)", "issuer", "fields", "signature", "sections", "sections/items",
              "sections/shortcomings", "sections/shortcomings/assignment", "directives", "directives/",
              "recipients", "copy", "copy/signature", "body", "body/table", "body/table/columns",
              "articles", "articles/clauses", "chapters", "chapters/articles", "annexes",
              "fields/time"):
    if any(t == level or t.startswith(level) and level.endswith("/") or "/" + level in "/" + t for t in tried):
        ok()
    else:
        no("no good source has a mapping at '%s' to add an unknown key to" % level)

# the bad sources whose fault a schema can see
for path in bad:
    doc = load(path)
    for V in VALIDATORS:
        if errors(V, doc):
            ok()
        else:
            no("%s: %s accepts it" % (path, V.__name__))

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
