"""CivDesk's printed documents (ReportLab): 检查报告, 证书, 空白检查表, 整改通知书 laid out from the
plain data objects of ``content``; their fonts and PDF signatures. Nothing here opens the store:
services.documents issues, records and signs documents, services.document_content builds what they say."""
