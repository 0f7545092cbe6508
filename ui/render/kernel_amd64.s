#include "textflag.h"

// The loops that plot a line's steps (see kernel.go): SSE2 only.
//
// A pixel's four bytes become four 16-bit words (X0 is zero for that); the
// blend of colour C into pixel P with weight w (0…256) is
//   P + PMULHW((C − P)·128, 2w) = P + ⌊(C − P)·w/256⌋,
// exact in 16 bits: (C − P)·128 lies within ±32640 and 2w within 512.

// LOAD sets up the registers every loop uses from the kernel at AX:
//   DI pix, SI i, R8 ms, R9 ns, R10 yf, R11 step, CX n, DX the coverage
//   vectors, X0 zero, X4 the colour's words twice, X7 (and X3) the full
//   weight, doubled, in every word.
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
	PXOR X0, X0 \
	MOVL 64(AX), X4 \
	PUNPCKLBW X0, X4 \
	PUNPCKLQDQ X4, X4 \
	MOVL 68(AX), BX \
	SHLL $1, BX \
	MOVL BX, X7 \
	PSHUFLW $0, X7, X7 \
	PUNPCKLQDQ X7, X7 \
	MOVO X7, X3

// BLEND blends X4 into the pixel words in X1 with the doubled weights in X3.
#define BLEND \
	MOVO X4, X2 \
	PSUBW X1, X2 \
	PSLLW $7, X2 \
	PMULHW X3, X2 \
	PADDW X2, X1

// ROW puts the word index of the step's first pixel in R12.
#define ROW \
	MOVQ R10, R12 \
	SARQ $16, R12 \
	IMULQ R9, R12 \
	ADDQ SI, R12

// HAIRSTEP plots the one pixel of a step of a hairline with the weight in X3.
#define HAIRSTEP \
	ROW \
	MOVL (DI)(R12*4), X1 \
	PUNPCKLBW X0, X1 \
	BLEND \
	PACKUSWB X1, X1 \
	MOVL X1, (DI)(R12*4)

// THINSTEP plots the two pixels of a step of a smooth line.
#define THINSTEP \
	MOVQ R10, R12 \
	SARQ $8, R12 \
	MOVBQZX R12, R12 \
	SHLQ $4, R12 \
	MOVOU (DX)(R12*1), X3 \
	ROW \
	LEAQ (R12)(R9*1), BX \
	MOVL (DI)(R12*4), X1 \
	MOVL (DI)(BX*4), X5 \
	PUNPCKLLQ X5, X1 \
	PUNPCKLBW X0, X1 \
	BLEND \
	PACKUSWB X1, X1 \
	MOVL X1, (DI)(R12*4) \
	PSRLQ $32, X1 \
	MOVL X1, (DI)(BX*4)

// THICKSTEP plots the three pixels of a step of a thick line, the middle
// one with the full weight.
#define THICKSTEP \
	MOVQ R10, R12 \
	SARQ $8, R12 \
	MOVBQZX R12, R12 \
	SHLQ $4, R12 \
	MOVOU (DX)(R12*1), X6 \
	MOVO X6, X3 \
	PUNPCKLQDQ X7, X3 \
	PSHUFD $0xEE, X6, X6 \
	ROW \
	LEAQ (R12)(R9*1), BX \
	MOVL (DI)(R12*4), X1 \
	MOVL (DI)(BX*4), X5 \
	PUNPCKLLQ X5, X1 \
	PUNPCKLBW X0, X1 \
	BLEND \
	PACKUSWB X1, X1 \
	MOVL X1, (DI)(R12*4) \
	PSRLQ $32, X1 \
	MOVL X1, (DI)(BX*4) \
	ADDQ R9, BX \
	MOVL (DI)(BX*4), X1 \
	PUNPCKLBW X0, X1 \
	MOVO X6, X3 \
	BLEND \
	PACKUSWB X1, X1 \
	MOVL X1, (DI)(BX*4)

// NEXT moves on to the next step and counts it off.
#define NEXT \
	ADDQ R8, SI \
	ADDQ R11, R10 \
	DECQ CX

// SOLID plots every step with STEP.
#define SOLID(STEP, loop, done) \
	LOAD \
	TESTQ CX, CX \
	JLE done \
loop: \
	STEP \
	NEXT \
	JNZ loop \
done: \
	RET

// DASHED plots the steps whose dash phase (R13) is below dashLen with
// STEP, moves the phase on a step at a time, and leaves it in the kernel.
#define DASHED(STEP, loop, gap, next, done) \
	LOAD \
	MOVQ 72(AX), R13 \
	TESTQ CX, CX \
	JLE done \
loop: \
	CMPQ R13, 88(AX) \
	JGE gap \
	STEP \
gap: \
	ADDQ 80(AX), R13 \
	CMPQ R13, 96(AX) \
	JLT next \
	SUBQ 96(AX), R13 \
next: \
	NEXT \
	JNZ loop \
done: \
	MOVQ R13, 72(AX) \
	RET

// func hairAsm(k *kernel)
TEXT ·hairAsm(SB), NOSPLIT, $0-8
	SOLID(HAIRSTEP, hairloop, hairdone)

// func hairDashAsm(k *kernel)
TEXT ·hairDashAsm(SB), NOSPLIT, $0-8
	DASHED(HAIRSTEP, hairdashloop, hairdashgap, hairdashnext, hairdashdone)

// func thinAsm(k *kernel)
TEXT ·thinAsm(SB), NOSPLIT, $0-8
	SOLID(THINSTEP, thinloop, thindone)

// func thinDashAsm(k *kernel)
TEXT ·thinDashAsm(SB), NOSPLIT, $0-8
	DASHED(THINSTEP, thindashloop, thindashgap, thindashnext, thindashdone)

// func thickAsm(k *kernel)
TEXT ·thickAsm(SB), NOSPLIT, $0-8
	SOLID(THICKSTEP, thickloop, thickdone)

// func thickDashAsm(k *kernel)
TEXT ·thickDashAsm(SB), NOSPLIT, $0-8
	DASHED(THICKSTEP, thickdashloop, thickdashgap, thickdashnext, thickdashdone)
