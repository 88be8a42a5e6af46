"""Run settings, read from the environment (prefix ``HRGRAPH_``) or passed in code."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_MODEL = PACKAGE_DIR / "models" / "de_hrgraph_ner"


class Settings(BaseSettings):
    """Everything a run can be tuned with; ``HRGRAPH_NER_MODEL=de_core_news_lg`` picks another pipeline."""

    model_config = SettingsConfigDict(env_prefix="HRGRAPH_")

    ner_model: str = str(DEFAULT_MODEL)
    batch_size: int = 16
    max_file_bytes: int = 50 * 1024 * 1024
    max_pages: int = 500
    max_html_depth: int = 400
    ocr: bool = True


def pipeline_version(settings: Settings) -> str:
    """Identifies code and model, so that a change of either reprocesses documents."""
    from hrgraph import __version__

    return f"hrgraph-{__version__}+{Path(settings.ner_model).name}"
