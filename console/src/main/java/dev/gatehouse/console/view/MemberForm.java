package dev.gatehouse.console.view;

import io.quarkus.qute.TemplateData;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The "new member token" form as typed, checked with identity's own rules before it is sent. */
@TemplateData
public record MemberForm(String kind, String memberId, String displayName, String email) {

    private static final Pattern MEMBER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public static MemberForm blank() {
        return new MemberForm("member", "", "", "");
    }

    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!"member".equals(kind) && !"auditor".equals(kind)) {
            problems.add("Kind: member (calls tools through the gateway) or auditor (reads the audit trail).");
        }
        if ("member".equals(kind) && (memberId == null || !MEMBER_ID.matcher(memberId).matches())) {
            problems.add("Member id: 1 to 128 letters, digits or . _ @ + -, starting with a letter or digit (e.g. alice or alice@example.com).");
        }
        if ("auditor".equals(kind) && memberId != null && !memberId.isEmpty() && !MEMBER_ID.matcher(memberId).matches()) {
            problems.add("Member id: 1 to 128 letters, digits or . _ @ + -, starting with a letter or digit.");
        }
        if ("member".equals(kind) && (displayName == null || displayName.isBlank())) {
            problems.add("Name: the person's name, as the audit trail and this console will show it.");
        }
        if (displayName != null && (displayName.length() > 200 || !OneLine.isPlain(displayName))) {
            problems.add("Name: at most 200 characters on one line, without control or text-direction characters.");
        }
        if (email != null && !email.isEmpty() && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            problems.add("Email: an address such as alice@example.com, or leave it empty.");
        }
        return problems;
    }

    public String emailOrNull() {
        return email == null || email.isBlank() ? null : email;
    }

    public String memberIdOrNull() {
        return memberId == null || memberId.isBlank() ? null : memberId;
    }

    public String displayNameOrNull() {
        return displayName == null || displayName.isBlank() ? null : displayName.strip();
    }
}
