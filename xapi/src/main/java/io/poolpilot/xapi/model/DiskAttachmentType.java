package io.poolpilot.xapi.model;

/** What a disk attachment (VBD) presents to the guest. */
public enum DiskAttachmentType {
    DISK, CD, FLOPPY, UNKNOWN
}
