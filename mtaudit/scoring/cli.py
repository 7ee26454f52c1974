"""``mtaudit models list|fetch|verify``: a click group the main CLI attaches."""
from __future__ import annotations

import functools
from typing import Callable, Optional

import click

from mtaudit.errors import ModelError
from mtaudit.scoring import registry


def _exit_on_model_error(command: Callable) -> Callable:
    """Turn a ModelError into its message on stderr and exit status 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ModelError as e:
            click.echo(f"mtaudit: {e}", err=True)
            raise SystemExit(2) from None

    return wrapper


def _specs(name: Optional[str]) -> list[registry.ModelSpec]:
    known = registry.manifest()
    if name is None:
        return [registry.default_model()]
    if name not in known:
        raise ModelError(f"unknown model '{name}' (known: {', '.join(known)})")
    return [known[name]]


def _notify(message: str) -> None:
    click.echo(f"mtaudit: {message}", err=True)


@click.group("models")
def models_group() -> None:
    """List, fetch and verify the fluency language models."""


@models_group.command("list")
@_exit_on_model_error
def list_models() -> None:
    """Show the known models, their sizes and licences, and whether they are cached."""
    default = registry.default_model().name
    click.echo(f"cache: {registry.cache_root() / 'models'}")
    for spec in registry.manifest().values():
        directory = registry.model_dir(spec)
        if registry.is_cached(spec):
            on_disk = sum(p.stat().st_size for p in directory.iterdir() if p.is_file())
            cached = f"cached ({registry.human_size(on_disk)})"
        else:
            cached = "not cached"
        marker = " (default)" if spec.name == default else ""
        click.echo(
            f"{spec.name}{marker}  {spec.license}  download {registry.human_size(spec.size)}  {cached}  {spec.url}"
        )


@models_group.command("fetch")
@click.argument("name", required=False)
@click.option("--force", is_flag=True, help="Download and convert again even if the model is cached.")
@_exit_on_model_error
def fetch_model(name: Optional[str], force: bool) -> None:
    """Download a model (the default one unless NAME is given) into the cache."""
    for spec in _specs(name):
        was_cached = registry.is_cached(spec) and not force
        directory = registry.fetch(spec, force=force, notify=_notify)
        click.echo(f"{spec.name}: {'already cached' if was_cached else 'fetched'} in {directory}")


@models_group.command("verify")
@click.argument("name", required=False)
@_exit_on_model_error
def verify_model(name: Optional[str]) -> None:
    """Re-hash the cached model files against the hashes recorded when they were fetched."""
    for spec in _specs(name):
        if not registry.is_cached(spec):
            raise ModelError(f"{spec.name} is not cached; run `mtaudit models fetch`")
        record = registry.check_cached(spec, full=True)
        click.echo(f"{spec.name}: ok ({len(record['files'])} files match their sha256)")
