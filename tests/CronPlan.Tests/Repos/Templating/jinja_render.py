"""Renders a batch of templates with the real Jinja2, configured as Ansible configures it.

Reads a JSON list of {"template": str, "variables": object} on stdin and writes a JSON list with, for each,
{"text": rendered} or {"error": message}. The Ansible-only filters CronPlan supports are defined here, small
re-implementations of their documented behaviour, so that the comparison covers them too.
"""
import ast
import json
import re
import shlex
import sys

import jinja2
from jinja2.runtime import Context

MARKERS = ("{{", "{%", "{#")


class ChainingStrictUndefined(jinja2.StrictUndefined):
    """Ansible's undefined: fails when used, but `missing.attr | default(x)` works."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __getitem__(self, key):
        return self


def keep_trailing_newlines(source, result):
    """Ansible's template module: Jinja drops one final line feed, Ansible tops them up to the source's count."""
    wanted = len(source) - len(source.rstrip("\n"))
    present = len(result) - len(result.rstrip("\n"))
    return result + "\n" * (wanted - present) if wanted > present else result


def as_ansible_value(text):
    """Ansible's concatenation: a result that reads as a list, a dict or a boolean becomes one."""
    if text.startswith(("[", "{")) or text in ("True", "False"):
        try:
            return ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError, TypeError):
            return text
    return text


class LazyContext(Context):
    """Variables whose values are templates are rendered when used, with the variables only."""

    def resolve_or_missing(self, key):
        value = super().resolve_or_missing(key)
        variables = self.environment.cronplan_variables
        if key in variables and key not in self.vars and value is variables[key]:
            return lazy(self.environment, value)
        return value


def lazy(env, value):
    if isinstance(value, str) and any(m in value for m in MARKERS):
        if value in env.cronplan_stack or len(env.cronplan_stack) >= 16:
            raise RuntimeError("cyclic or too deep variable template")
        env.cronplan_stack.append(value)
        try:
            rendered = env.from_string(value).render(env.cronplan_variables)
            return as_ansible_value(keep_trailing_newlines(value, rendered))
        finally:
            env.cronplan_stack.pop()
    if isinstance(value, list):
        return [lazy(env, v) for v in value]
    if isinstance(value, dict):
        return {k: lazy(env, v) for k, v in value.items()}
    return value


def regex_replace(value="", pattern="", replacement="", ignorecase=False, multiline=False, count=0):
    flags = (re.I if ignorecase else 0) | (re.M if multiline else 0)
    return re.compile(pattern, flags).sub(replacement, str(value), count=count)


def dict2items(mapping, key_name="key", value_name="value"):
    if not isinstance(mapping, dict):
        raise TypeError("dict2items requires a dictionary")
    return [{key_name: k, value_name: v} for k, v in mapping.items()]


def basename(path):
    return path[path.rfind("/") + 1:]


def dirname(path):
    head = path[: path.rfind("/") + 1]
    return head.rstrip("/") if head and head != "/" * len(head) else head


def quote(value):
    return shlex.quote("" if value is None else str(value))


def to_bool(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        value = value.lower()
    return value in ("yes", "on", "1", "true", 1)


def unique(values, case_sensitive=False, attribute=None):
    return list(jinja2.filters.do_unique(jinja2.Environment(), values, case_sensitive=case_sensitive, attribute=attribute))


def combine(*dicts):
    merged = {}
    for d in dicts:
        merged.update(d)
    return merged


def ternary(value, true_val, false_val, none_val=None):
    if value is None and none_val is not None:
        return none_val
    return true_val if value else false_val


def split(value, sep=None, maxsplit=-1):
    return value.split(sep, maxsplit)


def make_environment(variables):
    env = jinja2.Environment(trim_blocks=True, lstrip_blocks=False, keep_trailing_newline=False,
                             undefined=ChainingStrictUndefined, finalize=lambda v: "" if v is None else v)
    env.context_class = LazyContext
    env.cronplan_variables = variables
    env.cronplan_stack = []
    env.filters.update({
        "regex_replace": regex_replace, "dict2items": dict2items, "basename": basename, "dirname": dirname,
        "quote": quote, "bool": to_bool, "to_json": json.dumps, "unique": unique, "combine": combine,
        "ternary": ternary, "split": split,
    })
    return env


def render(template, variables):
    try:
        env = make_environment(variables)
        text = keep_trailing_newlines(template, env.from_string(template).render(variables))
        if "<generator object" in text or "<built-in method" in text or "<bound method" in text:
            return {"error": "a generator or a method was written"}
        return {"text": text}
    except Exception as e:  # every failure is an answer: the comparison skips it
        return {"error": f"{type(e).__name__}: {e}"}


def main():
    sys.setrecursionlimit(5000)
    batch = json.load(sys.stdin)
    json.dump([render(item["template"], item["variables"]) for item in batch], sys.stdout)


if __name__ == "__main__":
    main()
