//! Python images: uv, poetry, pipenv and pip, each installing into a virtual
//! environment at `/app/.venv` that the slim runtime stage copies (D01, D07,
//! D08, D12, D13).

use super::{Df, start_argv};
use crate::model::{PackageManager, Service};

/// uv's static binaries, copied from its pinned image.
const UV_IMAGE: &str = "ghcr.io/astral-sh/uv:0.5.11";
const POETRY: &str = "poetry==2.1.3";
const PIPENV: &str = "pipenv==2024.4.0";

pub(crate) fn python_image(version: &str) -> String {
    let v = match version.trim() {
        "" | "3" => "3.12",
        other => other,
    };
    format!("python:{v}-slim-bookworm")
}

pub(super) fn write(df: &mut Df, svc: &Service) {
    let image = python_image(&svc.language_version.value);
    df.stage(
        "Build: a virtual environment at /app/.venv from the lockfile, then the source.",
        &image,
        "build",
    );
    df.line("ENV PYTHONDONTWRITEBYTECODE=1 \\\n    PYTHONUNBUFFERED=1");
    df.line("WORKDIR /app");
    match svc.package_manager.value {
        PackageManager::Uv => {
            df.copy(Some(UV_IMAGE), false, &["/uv"], "/usr/local/bin/uv");
            df.comment(
                "Use the image's Python (no downloads), compile bytecode once at build time,\n\
                 and copy files out of the cache mount so the venv is self-contained.",
            );
            df.line(
                "ENV UV_PYTHON_DOWNLOADS=never \\\n    UV_COMPILE_BYTECODE=1 \\\n    UV_LINK_MODE=copy \\\n    UV_PROJECT_ENVIRONMENT=/app/.venv",
            );
            df.copy(None, false, &["pyproject.toml", "uv.lock"], "./");
            df.line(
                "RUN --mount=type=cache,target=/root/.cache/uv \\\n    uv sync --frozen --no-dev --no-install-project",
            );
            df.copy(None, false, &["."], ".");
            df.line(
                "RUN --mount=type=cache,target=/root/.cache/uv \\\n    uv sync --frozen --no-dev",
            );
        }
        PackageManager::Poetry => {
            df.comment("Poetry itself stays in this stage; only the venv it fills ships.");
            df.line(format!(
                "RUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install {POETRY}"
            ));
            df.line(
                "ENV POETRY_NO_INTERACTION=1 \\\n    POETRY_VIRTUALENVS_IN_PROJECT=1 \\\n    POETRY_VIRTUALENVS_CREATE=1",
            );
            df.copy(None, false, &["pyproject.toml", "poetry.lock"], "./");
            df.line(
                "RUN --mount=type=cache,target=/root/.cache/pypoetry \\\n    poetry install --only main --no-root --no-ansi",
            );
            df.copy(None, false, &["."], ".");
        }
        PackageManager::Pipenv => {
            df.comment("Pipenv itself stays in this stage; only the venv it fills ships.");
            df.line(format!(
                "RUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install {PIPENV}"
            ));
            df.line("ENV PIPENV_VENV_IN_PROJECT=1");
            df.copy(None, false, &["Pipfile", "Pipfile.lock"], "./");
            df.comment("--deploy fails when Pipfile.lock is out of date instead of re-locking.");
            df.line(
                "RUN --mount=type=cache,target=/root/.cache/pip \\\n    pipenv install --deploy",
            );
            df.copy(None, false, &["."], ".");
        }
        _ => {
            df.line("RUN python -m venv /app/.venv");
            df.copy(None, false, &["requirements.txt"], "./");
            df.comment(
                "Pin every requirement (pip-compile or `pip freeze`) for reproducible builds.",
            );
            df.line(
                "RUN --mount=type=cache,target=/root/.cache/pip \\\n    /app/.venv/bin/pip install -r requirements.txt",
            );
            df.copy(None, false, &["."], ".");
        }
    }
    if let Some(build) = &svc.build_command {
        df.line(format!(
            "RUN PATH=/app/.venv/bin:$PATH {}",
            super::one_line(&build.value)
        ));
    }

    df.stage(
        "Runtime: the same slim Python with the venv and the source, no package manager.",
        &image,
        super::RUNTIME_STAGE,
    );
    df.labels();
    df.line(
        "ENV PYTHONDONTWRITEBYTECODE=1 \\\n    PYTHONUNBUFFERED=1 \\\n    PATH=/app/.venv/bin:$PATH",
    );
    df.line(super::DEBIAN_USER);
    df.line("WORKDIR /app");
    df.copy(Some("build"), true, &["/app"], "/app");
    df.runtime_tail(svc, &start_argv(svc, &["python", "main.py"]));
}
