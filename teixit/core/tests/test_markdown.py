from teixit.core.markdown import render_markdown


def test_markdown_renders_emphasis_and_lists():
    html = render_markdown("*hola* i **adéu**\n\n- u\n- dos")
    assert "<em>hola</em>" in html
    assert "<strong>adéu</strong>" in html
    assert "<li>u</li>" in html


def test_markdown_strips_scripts_and_event_handlers():
    html = render_markdown(
        '<script>alert(1)</script><img src=x onerror="alert(2)">[a](javascript:alert(3))'
    )
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_markdown_links_get_safe_rel():
    html = render_markdown("[web](https://example.org)")
    assert 'href="https://example.org"' in html
    assert "noopener" in html


def test_markdown_of_nothing_is_empty():
    assert render_markdown(None) == ""
