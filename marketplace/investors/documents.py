"""Group documents and pitch attachments: private files recorded against their owner.

The checks and the storage of private files live in `catalog.private_files` (any feature at or
above catalog may use them); they are re-exported here for the callers that know them by this
module's name.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from marketplace.catalog.private_files import (  # noqa: F401 - re-exported
    JPEG,
    PDF,
    CheckedFile,
    DocumentRejected,
    check_upload,
    read,
    remove,
    save,
    send,
)
from marketplace.investors.models import GroupDocument
from marketplace.investors.pitch_models import Pitch, PitchAttachment


def add_group_document(
    session: Session, group_id: int, kind: str, checked: CheckedFile, uploaded_by: int
) -> GroupDocument:
    """Store a checked file privately and record it as one of the group's documents (flush)."""
    doc = GroupDocument(
        group_id=group_id,
        kind=kind,
        storage_key=save(checked),
        content_type=checked.content_type,
        original_name=checked.name,
        size=len(checked.data),
        uploaded_by=uploaded_by,
    )
    session.add(doc)
    session.flush()
    return doc


def delete_group_document(session: Session, doc: GroupDocument) -> str:
    """Delete a group document's record (flush) and return its storage key: the caller removes
    the file after the commit, so a rolled-back delete never loses it."""
    key = doc.storage_key
    session.delete(doc)
    session.flush()
    return key


def add_pitch_attachment(session: Session, pitch: Pitch, checked: CheckedFile) -> PitchAttachment:
    """Store a checked file privately and attach it to the pitch (flush)."""
    item = PitchAttachment(
        storage_key=save(checked),
        content_type=checked.content_type,
        original_name=checked.name,
        size=len(checked.data),
    )
    pitch.attachments.append(item)
    session.flush()
    return item
