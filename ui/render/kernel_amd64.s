#include "textflag.h"

// The loops that plot a line's steps (see kernel.go): SSE2 only.
//
// A pixel's four bytes become four 16-bit words (X0 is zero for that), two
// pixels to a register; the blend of colour C into pixel P with weight w
// (0…256) is (P·(256 − w) + C·w) >> 8 in each word, which stays within 16
// bits, with 256 − w and C·w read from the line's blend table (blendTable).
//
// Each loop comes in two forms. A shallow line (…X) steps across the
// image's columns (ms = 1) and plots its pixels down a column, ns words
// apart; a steep one (…Y) steps down its rows (ms words a step) and plots
// pixels side by side (ns = 1), loaded and stored together.

// LOAD sets up the registers every loop uses from the kernel at AX:
//   DI pix, SI i, R8 ms, R9 ns, R10 yf, R11 step, CX n, DX the blend
//   table, X0 zero. A dashed loop keeps its phase in whichever of R8 and
//   R9 its form has no use for.
#define LOAD \
	MOVQ k+0(FP), AX \
	MOVQ 0(AX), DI \
	MOVQ 8(AX), SI \
	MOVQ 16(AX), R8 \
	MOVQ 24(AX), R9 \
	MOVQ 32(AX), R10 \
	MOVQ 40(AX), R11 \
	MOVQ 48(AX), CX \
	MOVQ 104(AX), DX \
	PXOR X0, X0

// HAIRLOAD puts a hairline's blend (the full weight) in X6 and X7.
#define HAIRLOAD \
	MOVOU 24576(DX), X6 \
	MOVOU 24592(DX), X7

// NOTHING is a loop's set-up when it needs none beyond LOAD.
#define NOTHING

// ROWX and ROWY put the word index of the step's first pixel in R13.
#define ROWX \
	MOVQ R10, R13 \
	SARQ $16, R13 \
	IMULQ R9, R13 \
	ADDQ SI, R13

#define ROWY \
	MOVQ R10, R13 \
	SARQ $16, R13 \
	ADDQ SI, R13

// FRAC puts the byte offset of the step's table entry in R12: the
// fraction (bits 8…15 of yf) times the entry's size, 1 << (8 − shift).
#define FRAC(shift) \
	MOVL R10, R12 \
	ANDL $0xFF00, R12 \
	SHRL $shift, R12

// BLEND blends the two pixels in X1's words: X1 = (X1·inv + cw) >> 8.
#define BLEND(inv, cw) \
	PMULLW inv, X1 \
	PADDW cw, X1 \
	PSRLW $8, X1

// LOAD2X loads the pixels at R13 and ns words on (BX) into X1's words;
// STORE2X stores them back. LOAD2Y and STORE2Y: the two side by side.
#define LOAD2X \
	LEAQ (R13)(R9*1), BX \
	MOVL (DI)(R13*4), X1 \
	MOVL (DI)(BX*4), X5 \
	PUNPCKLLQ X5, X1 \
	PUNPCKLBW X0, X1

#define STORE2X \
	PACKUSWB X1, X1 \
	MOVL X1, (DI)(R13*4) \
	PSRLQ $32, X1 \
	MOVL X1, (DI)(BX*4)

#define LOAD2Y \
	MOVQ (DI)(R13*4), X1 \
	PUNPCKLBW X0, X1

#define STORE2Y \
	PACKUSWB X1, X1 \
	MOVQ X1, (DI)(R13*4)

// The steps: a hairline's one pixel, a smooth line's two, a thick line's three.
#define HAIRX \
	ROWX \
	MOVL (DI)(R13*4), X1 \
	PUNPCKLBW X0, X1 \
	BLEND(X6, X7) \
	PACKUSWB X1, X1 \
	MOVL X1, (DI)(R13*4)

#define HAIRY \
	ROWY \
	MOVL (DI)(R13*4), X1 \
	PUNPCKLBW X0, X1 \
	BLEND(X6, X7) \
	PACKUSWB X1, X1 \
	MOVL X1, (DI)(R13*4)

#define THINX \
	FRAC(3) \
	ROWX \
	LOAD2X \
	BLEND(0(DX)(R12*1), 16(DX)(R12*1)) \
	STORE2X

#define THINY \
	FRAC(3) \
	ROWY \
	LOAD2Y \
	BLEND(0(DX)(R12*1), 16(DX)(R12*1)) \
	STORE2Y

#define THICKX \
	FRAC(2) \
	ROWX \
	LOAD2X \
	BLEND(8192(DX)(R12*1), 8208(DX)(R12*1)) \
	STORE2X \
	ADDQ R9, BX \
	MOVL (DI)(BX*4), X1 \
	PUNPCKLBW X0, X1 \
	BLEND(8224(DX)(R12*1), 8240(DX)(R12*1)) \
	PACKUSWB X1, X1 \
	MOVL X1, (DI)(BX*4)

#define THICKY \
	FRAC(2) \
	ROWY \
	LOAD2Y \
	BLEND(8192(DX)(R12*1), 8208(DX)(R12*1)) \
	STORE2Y \
	MOVL 8(DI)(R13*4), X1 \
	PUNPCKLBW X0, X1 \
	BLEND(8224(DX)(R12*1), 8240(DX)(R12*1)) \
	PACKUSWB X1, X1 \
	MOVL X1, 8(DI)(R13*4)

// NEXTX and NEXTY move on to the next step and count it off.
#define NEXTX \
	INCQ SI \
	ADDQ R11, R10 \
	DECQ CX

#define NEXTY \
	ADDQ R8, SI \
	ADDQ R11, R10 \
	DECQ CX

// SOLID plots every step with STEP.
#define SOLID(PRE, STEP, NEXT, loop, done) \
	LOAD \
	PRE \
	TESTQ CX, CX \
	JLE done \
loop: \
	STEP \
	NEXT \
	JNZ loop \
done: \
	RET

// DASHED plots the steps whose dash phase (PH) is below dashLen with STEP,
// moves the phase on a step at a time, and leaves it in the kernel.
#define DASHED(PRE, STEP, NEXT, PH, loop, gap, next, done) \
	LOAD \
	PRE \
	MOVQ 72(AX), PH \
	TESTQ CX, CX \
	JLE done \
loop: \
	CMPQ PH, 88(AX) \
	JGE gap \
	STEP \
gap: \
	ADDQ 80(AX), PH \
	CMPQ PH, 96(AX) \
	JLT next \
	SUBQ 96(AX), PH \
next: \
	NEXT \
	JNZ loop \
done: \
	MOVQ PH, 72(AX) \
	RET

TEXT ·hairXAsm(SB), NOSPLIT, $0-8
	SOLID(HAIRLOAD, HAIRX, NEXTX, hxloop, hxdone)

TEXT ·hairYAsm(SB), NOSPLIT, $0-8
	SOLID(HAIRLOAD, HAIRY, NEXTY, hyloop, hydone)

TEXT ·hairDashXAsm(SB), NOSPLIT, $0-8
	DASHED(HAIRLOAD, HAIRX, NEXTX, R8, hdxloop, hdxgap, hdxnext, hdxdone)

TEXT ·hairDashYAsm(SB), NOSPLIT, $0-8
	DASHED(HAIRLOAD, HAIRY, NEXTY, R9, hdyloop, hdygap, hdynext, hdydone)

TEXT ·thinXAsm(SB), NOSPLIT, $0-8
	SOLID(NOTHING, THINX, NEXTX, txloop, txdone)

TEXT ·thinYAsm(SB), NOSPLIT, $0-8
	SOLID(NOTHING, THINY, NEXTY, tyloop, tydone)

TEXT ·thinDashXAsm(SB), NOSPLIT, $0-8
	DASHED(NOTHING, THINX, NEXTX, R8, tdxloop, tdxgap, tdxnext, tdxdone)

TEXT ·thinDashYAsm(SB), NOSPLIT, $0-8
	DASHED(NOTHING, THINY, NEXTY, R9, tdyloop, tdygap, tdynext, tdydone)

TEXT ·thickXAsm(SB), NOSPLIT, $0-8
	SOLID(NOTHING, THICKX, NEXTX, kxloop, kxdone)

TEXT ·thickYAsm(SB), NOSPLIT, $0-8
	SOLID(NOTHING, THICKY, NEXTY, kyloop, kydone)

TEXT ·thickDashXAsm(SB), NOSPLIT, $0-8
	DASHED(NOTHING, THICKX, NEXTX, R8, kdxloop, kdxgap, kdxnext, kdxdone)

TEXT ·thickDashYAsm(SB), NOSPLIT, $0-8
	DASHED(NOTHING, THICKY, NEXTY, R9, kdyloop, kdygap, kdynext, kdydone)
