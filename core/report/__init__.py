"""The report for the alderman: a model built from the project, rendered to PDF and Word.

    section   the project's ``report`` section: the user's texts, cover, actions (typed)
    actions   action proposals from findings, maturity advice, the template and the charts;
              accepting, editing, removing and adding actions
    build     ``build_report(project)``: the whole report as data (texts already Dutch and
              formatted, numbers through core.house_style, charts suppressed)
    consistency  what the user wrote, checked against the figures the report shows and the
              dates (the Rapport step's "Klopt dit nog?", ``stuurwijzer report`` warnings)
    pdf       the report as PDF/A-2a + PDF/UA-1 via Typst (data passed as JSON, never markup)
    word      the same report as an editable Word document via python-docx
    export    ``export_report(project, pdf, docx)``: precheck, build, write
    preview   PDF pages as RGBA pixels for the app's preview and printing

This package imports nothing at start-up: ``core.project`` imports ``section``, and
the builders import the project, so eager imports here would be circular.
"""
