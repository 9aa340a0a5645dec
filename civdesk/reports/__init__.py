"""CivDesk's printed documents (ReportLab): 检查报告, 证书, 空白检查表, 整改通知书; their fonts,
verification codes and PDF signatures. ``documents`` holds the use cases; the rest lays out pages."""

from .documents import (DocumentError, Rendered, Verification, eligible_titles, issue_certificate,
                        render_certificate, render_form, render_notice, render_report, verify_code, verify_pdf)

__all__ = ["DocumentError", "Rendered", "Verification", "eligible_titles", "issue_certificate",
           "render_certificate", "render_form", "render_notice", "render_report", "verify_code", "verify_pdf"]
