"""Normative documents published as web pages (通知, 意见 …) into the graph: the notice loader."""
