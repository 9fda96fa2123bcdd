package dev.gatehouse.audit.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.gatehouse.audit.EventFilter;
import dev.gatehouse.audit.StoredEvent;
import dev.gatehouse.audit.repository.EventQueries;
import io.quarkus.logging.Log;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Streams an export straight from a database cursor to the response, one fetch of rows at a
 * time, so memory stays constant whatever the range. A failure after the first bytes can only
 * cut the response short (the status is already sent); it is logged.
 */
final class EventExport implements StreamingOutput {

    /** The export formats and their media types. */
    enum Format {
        CSV("text/csv"), NDJSON("application/x-ndjson");

        final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final String CSV_HEADER = "seq,id,time,type,workspace,actor,member_id,token_id,server,tool,status,"
            + "latency_ms,data,prev_hash,hash,name\r\n";

    private final EventQueries queries;
    private final EventFilter filter;
    private final Format format;

    EventExport(EventQueries queries, EventFilter filter, Format format) {
        this.queries = queries;
        this.filter = filter;
        this.format = format;
    }

    @Override
    public void write(OutputStream output) throws IOException {
        try {
            if (format == Format.CSV) {
                writeCsv(output);
            } else {
                writeNdjson(output);
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            Log.errorf(e, "export of workspace %s stopped", filter.workspace());
            throw new IOException("export stopped", e);
        }
    }

    private void writeNdjson(OutputStream output) throws Exception {
        try (JsonGenerator json = JSON.createGenerator(output)) {
            queries.stream(filter, event -> {
                json.writeStartObject();
                json.writeNumberField("seq", event.seq());
                json.writeStringField("id", event.id().toString());
                json.writeStringField("type", event.type());
                json.writeStringField("time", event.time().toString());
                json.writeStringField("workspace", event.workspace());
                json.writeStringField("actor", event.actor());
                json.writeFieldName("data");
                json.writeRawValue(event.data());
                json.writeStringField("prevHash", event.prevHash());
                json.writeStringField("hash", event.hash());
                json.writeEndObject();
                json.writeRaw('\n');
            });
        }
    }

    private void writeCsv(OutputStream output) throws Exception {
        try (Writer csv = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 64 * 1024)) {
            csv.write(CSV_HEADER);
            queries.stream(filter, event -> writeCsvRow(csv, event));
        }
    }

    private static void writeCsvRow(Writer csv, StoredEvent event) throws IOException {
        var indexed = event.indexed();
        Object[] fields = {event.seq(), event.id(), event.time(), event.type(), event.workspace(), event.actor(),
                indexed.memberId(), indexed.tokenId(), indexed.server(), indexed.tool(), indexed.status(),
                indexed.latencyMs(), event.data(), event.prevHash(), event.hash(), indexed.name()};
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                csv.write(',');
            }
            csv.write(csvField(fields[i]));
        }
        csv.write("\r\n");
    }

    /**
     * RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled. A text cell
     * that a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage
     * return; L2: a member chooses tool names) gets a leading {@code '}, so it stays text.
     */
    static String csvField(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (value instanceof CharSequence && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
