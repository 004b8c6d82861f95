"""The parser: article text → sentences, place mentions, resolved places, dated and typed events."""
